import { join } from 'node:path';
import ts from 'typescript';

/** The module resolutions a published package must typecheck under. */
export type ConsumerResolution = 'node16' | 'bundler';

/** Typechecks files of one scratch project; returns formatted errors (empty: passed). */
export type ConsumerTypechecker = (
  dir: string,
  resolution: ConsumerResolution,
  files: readonly string[],
) => string[];

/**
 * A typechecker for scratch consumers that runs in this process and parses each shared
 * declaration file (TypeScript's libs, `@types/node`, identical copies across projects) once:
 * a fresh `tsc` per project spends seconds re-reading them. Diagnostics are collected for the
 * consumer's own files and every `@aiclient/*` declaration it reaches, not for third parties.
 */
export function createConsumerTypechecker(typeRoots: string): ConsumerTypechecker {
  const cache = new Map<string, ts.SourceFile | undefined>();
  return (dir, resolution, files) => {
    const options: ts.CompilerOptions = {
      target: ts.ScriptTarget.ES2022,
      lib: ['lib.es2023.d.ts'],
      strict: true,
      noEmit: true,
      skipLibCheck: false,
      types: ['node'],
      typeRoots: [typeRoots],
      ...(resolution === 'node16'
        ? { module: ts.ModuleKind.Node16, moduleResolution: ts.ModuleResolutionKind.Node16 }
        : { module: ts.ModuleKind.Preserve, moduleResolution: ts.ModuleResolutionKind.Bundler }),
    };
    const host = ts.createCompilerHost(options, true);
    const read = host.getSourceFile.bind(host);
    host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
      const format =
        typeof languageVersion === 'object'
          ? `${languageVersion.languageVersion}:${languageVersion.impliedNodeFormat ?? '-'}`
          : String(languageVersion);
      const key = `${format}:${fileName}`;
      if (!cache.has(key)) cache.set(key, read(fileName, languageVersion, onError, shouldCreate));
      return cache.get(key);
    };
    host.getCurrentDirectory = () => dir;
    const program = ts.createProgram({
      rootNames: files.map((f) => join(dir, f)),
      options,
      host,
    });
    const ours = program
      .getSourceFiles()
      .filter(
        (sf) =>
          !sf.fileName.includes('/node_modules/') ||
          sf.fileName.includes('/node_modules/@aiclient/'),
      )
      .filter(
        (sf) => !sf.fileName.startsWith(typeRoots) && !program.isSourceFileDefaultLibrary(sf),
      );
    const diagnostics = [
      ...program.getOptionsDiagnostics(),
      ...program.getGlobalDiagnostics(),
      ...ours.flatMap((sf) => [
        ...program.getSyntacticDiagnostics(sf),
        ...program.getSemanticDiagnostics(sf),
      ]),
    ];
    return diagnostics.map((d) => {
      const message = ts.flattenDiagnosticMessageText(d.messageText, '\n');
      if (d.file === undefined || d.start === undefined) return `error TS${d.code}: ${message}`;
      const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
      const file = d.file.fileName.startsWith(dir)
        ? d.file.fileName.slice(dir.length + 1)
        : d.file.fileName;
      return `${file}(${line + 1},${character + 1}): error TS${d.code}: ${message}`;
    });
  };
}
