import { describe, expect, it } from 'vitest';
import { normalizeStructureTests, parseStructureTests, StructureSpecError } from '../../src/structure/parseSpec.js';

describe('parseStructureTests', () => {
  it('fills CST YAML defaults: shouldExist true, uid and gid -1 (not checked)', () => {
    const spec = parseStructureTests('schemaVersion: "2.0.0"\nfileExistenceTests:\n  - name: app\n    path: /app\n', 'tests.yaml');
    expect(spec.fileExistenceTests).toEqual([{ name: 'app', path: '/app', shouldExist: true, permissions: '', uid: -1, gid: -1, isExecutableBy: '' }]);
    expect(spec.metadataTest).toEqual({
      envVars: [], unboundEnvVars: [], exposedPorts: [], unexposedPorts: [], workdir: '', volumes: [], unmountedVolumes: [], labels: [], user: '',
    });
  });

  it('leaves JSON fields at Go zero values, as encoding/json does (shouldExist false, uid 0), keys in any case', () => {
    const spec = parseStructureTests('{"schemaVersion":"2.0.0","fileExistenceTests":[{"Name":"app","PATH":"/app","unknown":1}]}', 'tests.json');
    expect(spec.fileExistenceTests).toEqual([{ name: 'app', path: '/app', shouldExist: false, permissions: '', uid: 0, gid: 0, isExecutableBy: '' }]);
  });

  it('reads YAML 1.1 as yaml.v2 does: yes is true, any scalar is text for a string field', () => {
    const spec = parseStructureTests(
      'schemaVersion: 2.0.0\nfileExistenceTests:\n  - name: 0755\n    path: /x\n    shouldExist: no\nmetadataTest:\n  exposedPorts: [8080, "53"]\n  cmd: []\n',
      't.yml',
    );
    expect(spec.fileExistenceTests?.[0]).toMatchObject({ name: '0755', shouldExist: false });
    expect(spec.metadataTest).toMatchObject({ exposedPorts: ['8080', '53'], cmd: [] });
    expect(spec.metadataTest).not.toHaveProperty('entrypoint');
  });

  it('fails on unknown fields and wrong types with yaml.v2 strict errors and their lines', () => {
    const text = 'schemaVersion: 2.0.0\nfileExistenceTests:\n  - name: a\n    path: /a\n    mode: 0644\n    uid: root\nmetadataTest:\n  cmd: node\n';
    expect(() => parseStructureTests(text, 't.yaml')).toThrow(
      new StructureSpecError(
        'error unmarshalling config: yaml: unmarshal errors:\n  line 5: field mode not found in type v2.FileExistenceTest\n  line 6: cannot unmarshal !!str `root` into int\n  line 8: cannot unmarshal !!str `node` into []string',
      ),
    );
  });

  it('names the JSON field of a type error as encoding/json does', () => {
    expect(() => parseStructureTests('{"schemaVersion":"2.0.0","fileExistenceTests":[{"name":"a","path":"/a","uid":"0"}]}', 't.json')).toThrow(
      'error unmarshalling config: json: cannot unmarshal string into Go struct field FileExistenceTest.fileExistenceTests.uid of type int',
    );
  });

  it('checks the file type and schema version as CST does', () => {
    expect(() => parseStructureTests('schemaVersion: 2.0.0', 'tests.txt')).toThrow('Please provide valid JSON or YAML config file');
    expect(() => parseStructureTests('fileExistenceTests: []', 't.yaml')).toThrow('Please provide schema version');
    expect(() => parseStructureTests('schemaVersion: 3.0.0', 't.yaml')).toThrow('Unsupported schema version: 3.0.0');
    expect(() => parseStructureTests('schemaVersion: 1.0.0', 't.yaml')).toThrow('Unsupported schema version: 1.0.0 (dockerfile-sim reads schema 2.0.0 only)');
    expect(() => parseStructureTests('schemaVersion: [', 't.yaml')).toThrow(/^yaml: line 1: /);
  });

  it('follows anchors and merge keys', () => {
    const spec = parseStructureTests(
      'schemaVersion: 2.0.0\nfileExistenceTests:\n  - &a {name: a, path: /a, uid: 0}\n  - <<: *a\n    name: b\n',
      't.yaml',
    );
    expect(spec.fileExistenceTests?.[1]).toMatchObject({ name: 'b', path: '/a', uid: 0 });
  });
});

describe('normalizeStructureTests', () => {
  it('takes an object as the YAML would decode, with its defaults', () => {
    const spec = normalizeStructureTests({ schemaVersion: '2.0.0', fileExistenceTests: [{ name: 'a', path: '/a' }], metadataTest: { cmd: ['node'] } });
    expect(spec.fileExistenceTests?.[0]).toMatchObject({ shouldExist: true, uid: -1 });
    expect(spec.metadataTest?.cmd).toEqual(['node']);
  });

  it('names what is wrong in an object', () => {
    expect(() => normalizeStructureTests({ schemaVersion: '2.0.0', fileExistanceTests: [] } as never)).toThrow(
      'invalid structure test config: field fileExistanceTests not found in type v2.StructureTest',
    );
    expect(() => normalizeStructureTests({ schemaVersion: '1.0.0' })).toThrow(StructureSpecError);
  });
});
