/**
 * The files the code reads beside itself (the web apps' static files, the checkpointer's worker, package.json), by
 * their place in the package. This module sits at the root of src/; the build bundles it into files at the root of
 * dist/, which holds copies of src/'s other files at the same places (scripts/build.js). So one URL, relative to this
 * module, finds them both from src/ (the tests) and from dist/ (what runs).
 */
export function packageFile(path: string): URL {
  return new URL(path, import.meta.url);
}
