import * as assert from 'node:assert/strict';
import {
  CODE_QUALITY_SEVERITY,
  UNKNOWN_SEVERITY_LEVEL,
  levelForSeverity,
  parseCodeClimate,
  parseCodeClimateIssue,
} from '../../src/core/codeQuality';

// The sample GitLab Code Quality report (samples/gitlab-spec-fixtures/codeclimate.json), verbatim:
// JSON is a JavaScript expression, so the text is pasted as it is.
const SAMPLE_REPORT: unknown = [
  {
    "categories": [
      "Complexity"
    ],
    "check_name": "argument_count",
    "content": {
      "body": ""
    },
    "description": "Method `new_array` has 12 arguments (exceeds 4 allowed). Consider refactoring.",
    "fingerprint": "15cdb5c53afd42bc22f8ca366a08d547",
    "location": {
      "path": "foo.rb",
      "lines": {
        "begin": 10,
        "end": 10
      }
    },
    "other_locations": [],
    "remediation_points": 900000,
    "severity": "major",
    "type": "issue",
    "engine_name": "structure"
  },
  {
    "categories": [
      "Complexity"
    ],
    "check_name": "argument_count",
    "content": {
      "body": ""
    },
    "description": "Method `new_backwards_array` has 12 arguments (exceeds 4 allowed). Consider refactoring.",
    "fingerprint": "f3bdc1e8c102ba5fbd9e7f6cda51c95e",
    "location": {
      "path": "foo.rb",
      "lines": {
        "begin": 14,
        "end": 14
      }
    },
    "other_locations": [],
    "remediation_points": 900000,
    "severity": "major",
    "type": "issue",
    "engine_name": "structure"
  },
  {
    "type": "Issue",
    "check_name": "Rubocop/Metrics/ParameterLists",
    "description": "Avoid parameter lists longer than 5 parameters. [12/5]",
    "categories": [
      "Complexity"
    ],
    "remediation_points": 550000,
    "location": {
      "path": "foo.rb",
      "positions": {
        "begin": {
          "column": 24,
          "line": 14
        },
        "end": {
          "column": 49,
          "line": 14
        }
      }
    },
    "content": {
      "body": "This cop checks for methods with too many parameters.\nThe maximum number of parameters is configurable.\nKeyword arguments can optionally be excluded from the total count."
    },
    "engine_name": "rubocop",
    "fingerprint": "ab5f8b935886b942d621399f5a2ca16e",
    "severity": "minor"
  }
];

/** A valid issue to derive malformed variants from. */
function issue(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: 'issue',
    check_name: 'no-unused-vars',
    description: 'x is unused',
    severity: 'major',
    fingerprint: 'fp1',
    location: { path: 'src/a.ts', lines: { begin: 3, end: 4 } },
    ...overrides,
  };
}

suite('codeQuality: the sample report', () => {
  test('gives all three findings in the report’s order, none skipped, no error', () => {
    const result = parseCodeClimate(SAMPLE_REPORT);
    assert.deepEqual(result.findings.map((f) => [f.startLine, f.fingerprint]), [
      [10, '15cdb5c53afd42bc22f8ca366a08d547'],
      [14, 'f3bdc1e8c102ba5fbd9e7f6cda51c95e'],
      [14, 'ab5f8b935886b942d621399f5a2ca16e'],
    ]);
    assert.deepEqual([result.skipped, result.error], [0, undefined]);
  });

  test('a `lines` location becomes a line span with no columns; an empty content.body gives no rawDetails', () => {
    assert.deepEqual(parseCodeClimate(SAMPLE_REPORT).findings[0], {
      ...{ path: 'foo.rb', startLine: 10, endLine: 10, level: 'warning', title: 'argument_count', engineName: 'structure' },
      message: 'Method `new_array` has 12 arguments (exceeds 4 allowed). Consider refactoring.',
      fingerprint: '15cdb5c53afd42bc22f8ca366a08d547',
    });
  });

  test('a `positions` location keeps its columns; minor is a notice; content.body is the raw details', () => {
    assert.deepEqual(parseCodeClimate(SAMPLE_REPORT).findings[2], {
      ...{ path: 'foo.rb', startLine: 14, endLine: 14, startColumn: 24, endColumn: 49, level: 'notice' },
      message: 'Avoid parameter lists longer than 5 parameters. [12/5]',
      title: 'Rubocop/Metrics/ParameterLists',
      rawDetails:
        'This cop checks for methods with too many parameters.\nThe maximum number of parameters is configurable.\nKeyword arguments can optionally be excluded from the total count.',
      fingerprint: 'ab5f8b935886b942d621399f5a2ca16e',
      engineName: 'rubocop',
    });
  });
});

suite('codeQuality: severity', () => {
  test('the table maps info/minor → notice, major → warning, critical/blocker → failure', () => {
    assert.deepEqual({ ...CODE_QUALITY_SEVERITY }, { info: 'notice', minor: 'notice', major: 'warning', critical: 'failure', blocker: 'failure' });
    assert.ok(Object.isFrozen(CODE_QUALITY_SEVERITY));
  });

  test('each severity reaches the finding’s level', () => {
    for (const [severity, level] of Object.entries(CODE_QUALITY_SEVERITY)) {
      assert.equal(parseCodeClimateIssue(issue({ severity }))?.level, level, severity);
    }
  });

  test('severity is matched case-insensitively', () => {
    assert.equal(levelForSeverity('BLOCKER'), 'failure');
    assert.equal(levelForSeverity('Info'), 'notice');
  });

  test('an unknown, missing or wrong-typed severity is a warning, and a prototype name is not a severity', () => {
    assert.equal(UNKNOWN_SEVERITY_LEVEL, 'warning');
    for (const severity of ['fatal', '', undefined, 3, null, 'constructor', 'toString', '__proto__']) {
      assert.equal(levelForSeverity(severity), 'warning', String(severity));
    }
    assert.equal(parseCodeClimateIssue(issue({ severity: undefined }))?.level, 'warning');
  });
});

suite('codeQuality: locations and text', () => {
  test('lines.end missing → a single-line span', () => {
    const finding = parseCodeClimateIssue(issue({ location: { path: 'a.ts', lines: { begin: 7 } } }));
    assert.deepEqual([finding?.startLine, finding?.endLine], [7, 7]);
  });

  test('positions win over lines when both are given', () => {
    const location = { path: 'a.ts', lines: { begin: 1, end: 1 }, positions: { begin: { line: 5, column: 2 }, end: { line: 6, column: 9 } } };
    const finding = parseCodeClimateIssue(issue({ location }));
    assert.deepEqual([finding?.startLine, finding?.endLine, finding?.startColumn, finding?.endColumn], [5, 6, 2, 9]);
  });

  test('offset-only positions fall back to lines, or are skipped without them', () => {
    const positions = { begin: { offset: 10 }, end: { offset: 20 } };
    assert.equal(parseCodeClimateIssue(issue({ location: { path: 'a.ts', positions, lines: { begin: 2 } } }))?.startLine, 2);
    assert.equal(parseCodeClimateIssue(issue({ location: { path: 'a.ts', positions } })), undefined);
  });

  test('positions without columns or without an end keep just the lines', () => {
    const finding = parseCodeClimateIssue(issue({ location: { path: 'a.ts', positions: { begin: { line: 8 } } } }));
    assert.deepEqual(finding && [finding.startLine, finding.endLine, 'startColumn' in finding, 'endColumn' in finding], [8, 8, false, false]);
  });

  test('the path is kept exactly as reported (resolving it is repoPaths’ job)', () => {
    assert.equal(parseCodeClimateIssue(issue({ location: { path: './src\\a b%20.ts', lines: { begin: 1 } } }))?.path, './src\\a b%20.ts');
  });

  test('a missing description falls back to the check name; a missing check name gives no title', () => {
    const noDescription = parseCodeClimateIssue(issue({ description: undefined }));
    assert.deepEqual([noDescription?.message, noDescription?.title], ['no-unused-vars', 'no-unused-vars']);
    const noCheckName = parseCodeClimateIssue(issue({ check_name: undefined }));
    assert.deepEqual([noCheckName?.message, noCheckName && 'title' in noCheckName], ['x is unused', false]);
  });

  test('type "Issue" is accepted, other types are not findings, and a missing type is tolerated', () => {
    assert.ok(parseCodeClimateIssue(issue({ type: 'Issue' })));
    assert.ok(parseCodeClimateIssue(issue({ type: undefined })));
    assert.equal(parseCodeClimateIssue(issue({ type: 'measurement' })), undefined);
  });
});

suite('codeQuality: malformed reports', () => {
  const SKIPPED: ReadonlyArray<readonly [string, unknown]> = [
    ['null', null],
    ['a number', 42],
    ['a string', 'issue'],
    ['an array', [issue()]],
    ['no location', issue({ location: undefined })],
    ['a string location', issue({ location: 'src/a.ts:3' })],
    ['no path', issue({ location: { lines: { begin: 3 } } })],
    ['an empty path', issue({ location: { path: '', lines: { begin: 3 } } })],
    ['a numeric path', issue({ location: { path: 7, lines: { begin: 3 } } })],
    ['no line', issue({ location: { path: 'a.ts' } })],
    ['a string line', issue({ location: { path: 'a.ts', lines: { begin: '3' } } })],
    ['a NaN line', issue({ location: { path: 'a.ts', lines: { begin: Number.NaN } } })],
    ['positions.begin not an object', issue({ location: { path: 'a.ts', positions: { begin: 5 } } })],
    ['no description and no check name', issue({ description: undefined, check_name: undefined })],
  ];

  for (const [what, entry] of SKIPPED) {
    test(`an entry with ${what} is skipped`, () => {
      assert.equal(parseCodeClimateIssue(entry), undefined);
      assert.deepEqual(parseCodeClimate([entry, issue()]).skipped, 1);
    });
  }

  test('skipped entries are counted while the good ones around them are kept', () => {
    const result = parseCodeClimate([issue({ fingerprint: 'a' }), null, 'junk', issue({ fingerprint: 'b' }), { location: {} }]);
    assert.deepEqual(result.findings.map((f) => f.fingerprint), ['a', 'b']);
    assert.equal(result.skipped, 3);
    assert.equal(result.error, undefined);
  });

  test('a line 0 or a line past any file is kept: clamping it is lineMapping’s job', () => {
    assert.equal(parseCodeClimateIssue(issue({ location: { path: 'a.ts', lines: { begin: 0 } } }))?.startLine, 0);
    assert.equal(parseCodeClimateIssue(issue({ location: { path: 'a.ts', lines: { begin: 99999 } } }))?.startLine, 99999);
  });

  test('an empty array is an empty, valid report', () => {
    assert.deepEqual(parseCodeClimate([]), { findings: [], skipped: 0 });
  });

  const NOT_ARRAYS: ReadonlyArray<readonly [unknown, RegExp]> = [
    [{ message: '404 Not Found' }, /not a JSON array.*an object/],
    [null, /not a JSON array.*null/],
    [undefined, /not a JSON array.*undefined/],
    ['<html>502 Bad Gateway</html>', /not a JSON array.*a string/],
    [17, /not a JSON array.*a number/],
  ];

  for (const [raw, message] of NOT_ARRAYS) {
    test(`a report that is ${JSON.stringify(raw) ?? 'undefined'} gives an error, no findings, and does not throw`, () => {
      const result = parseCodeClimate(raw);
      assert.deepEqual([result.findings, result.skipped], [[], 0]);
      assert.match(result.error ?? '', message);
    });
  }
});
