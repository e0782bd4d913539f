// Builds the GraphiQL bundle that the gateway binary embeds (crates/server/src/http/graphiql.rs):
//   node build.mjs           write dist/graphiql.js, dist/graphiql.css, dist/THIRD_PARTY_LICENSES
//                            and dist/manifest.json
//   node build.mjs --check   build into a temporary directory and fail unless every file is
//                            byte-identical to the committed dist/ (CI runs this after `npm ci`)
//
// The output depends only on package-lock.json (exact versions, esbuild's binary included) and
// src/: no timestamps, no absolute paths, no source maps, packages listed in sorted order. That
// is what makes the committed bundle checkable by rebuilding it.
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const dist = join(here, 'dist');
const OUTPUTS = ['graphiql.js', 'graphiql.css', 'THIRD_PARTY_LICENSES', 'manifest.json'];

// Fonts that graphiql's stylesheet embeds as data: URLs. They come from no package esbuild
// sees, so their licences are taken from the @fontsource packages of the same fonts
// (devDependencies kept for exactly this).
const EMBEDDED_FONTS = [
  { pkg: '@fontsource/roboto', why: 'Roboto, embedded as WOFF2 in graphiql/dist/style.css' },
  { pkg: '@fontsource/fira-code', why: 'Fira Code, embedded as WOFF2 in graphiql/dist/style.css' },
];

async function build(outdir) {
  mkdirSync(outdir, { recursive: true });
  const result = await esbuild.build({
    absWorkingDir: here,
    entryPoints: { graphiql: 'src/main.jsx' },
    outdir,
    bundle: true,
    minify: true,
    format: 'iife',
    platform: 'browser',
    target: ['es2020', 'chrome100', 'firefox100', 'safari15'],
    jsx: 'automatic',
    // React's production build: no dev warnings, a fraction of the size.
    define: { 'process.env.NODE_ENV': '"production"' },
    // The licences go, complete, into THIRD_PARTY_LICENSES; the banner points there.
    legalComments: 'none',
    banner: {
      js: '/*! vet-gateway GraphiQL bundle. Third-party licences: /graphiql/licenses */',
      css: '/*! vet-gateway GraphiQL bundle. Third-party licences: /graphiql/licenses */',
    },
    metafile: true,
    logLevel: 'warning',
  });
  writeFileSync(join(outdir, 'THIRD_PARTY_LICENSES'), licences(result.metafile));
  writeFileSync(join(outdir, 'manifest.json'), manifest(outdir));
}

// The package directories (relative, like "node_modules/@graphiql/react") of every input
// esbuild put into the bundle.
function bundledPackages(metafile) {
  const dirs = new Set();
  for (const input of Object.keys(metafile.inputs)) {
    const parts = input.split('/');
    const last = parts.lastIndexOf('node_modules');
    if (last < 0) continue; // our own src/
    const scoped = parts[last + 1].startsWith('@');
    dirs.add(parts.slice(0, last + (scoped ? 3 : 2)).join('/'));
  }
  return [...dirs];
}

// Packages published without a licence file. Those from a monorepo carry the licence of the
// repository, which a sibling package in node_modules ships; for the others the MIT text is
// reproduced with the copyright holder their package.json names.
const LICENCE_FROM_SIBLING = {
  '@graphiql/plugin-doc-explorer': 'graphiql',
  '@graphiql/plugin-history': 'graphiql',
  'react-compiler-runtime': 'react',
};
const MIT_TEXT = `Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.`;

function licenceFiles(dir) {
  return readdirSync(join(here, dir))
    .filter((name) => /^(licen[cs]e|copying|notice)([.-].*)?$/i.test(name))
    .sort();
}

function packageSection(dir, why) {
  const pkg = JSON.parse(readFileSync(join(here, dir, 'package.json'), 'utf8'));
  const licence = typeof pkg.license === 'string' ? pkg.license : JSON.stringify(pkg.license ?? 'UNKNOWN');
  const files = licenceFiles(dir);
  const head = `${pkg.name} ${pkg.version} (${licence})${why ? ` - ${why}` : ''}`;
  let body;
  if (files.length > 0) {
    body = files.map((f) => readFileSync(join(here, dir, f), 'utf8').trim()).join('\n\n');
  } else if (LICENCE_FROM_SIBLING[pkg.name]) {
    const sibling = posix.join('node_modules', LICENCE_FROM_SIBLING[pkg.name]);
    const text = licenceFiles(sibling).map((f) => readFileSync(join(here, sibling, f), 'utf8').trim());
    body = `(The package ships no licence file; it is published from the same repository as\n` +
      `${LICENCE_FROM_SIBLING[pkg.name]}, whose licence follows.)\n\n${text.join('\n\n')}`;
  } else if (licence === 'MIT') {
    const author = typeof pkg.author === 'string' ? pkg.author : pkg.author?.name;
    if (!author) throw new Error(`${pkg.name}: no licence file and no author to name in the MIT notice`);
    body = `(The package ships no licence file; package.json says MIT, author ${author}.)\n\n` +
      `MIT License\n\nCopyright (c) ${author}\n\n${MIT_TEXT}`;
  } else {
    // A new dependency with an unknown licence must be looked at by a person, not shipped.
    throw new Error(`${pkg.name} ${pkg.version}: no licence file and licence ${licence}; add it to build.mjs`);
  }
  return { key: `${pkg.name}@${pkg.version}`, text: `${'='.repeat(78)}\n${head}\n${'-'.repeat(78)}\n${body}\n` };
}

function licences(metafile) {
  const sections = bundledPackages(metafile).map((dir) => packageSection(dir));
  sections.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const unique = sections.filter((s, i) => i === 0 || s.key !== sections[i - 1].key);
  const fonts = EMBEDDED_FONTS.map(({ pkg, why }) => packageSection(posix.join('node_modules', pkg), why));
  return [
    "Third-party software in vet-gateway's GraphiQL page (crates/server/assets/graphiql/dist).",
    'Generated by crates/server/assets/graphiql/build.mjs from the packages esbuild bundled; do not edit.',
    '',
    ...unique.map((s) => s.text),
    ...fonts.map((s) => s.text),
  ].join('\n');
}

function sha(algorithm, bytes, encoding) {
  return createHash(algorithm).update(bytes).digest(encoding);
}

// What the committed bundle was built from and what it is: lets a reader (and the Rust test)
// see at a glance which lockfile produced which bytes.
function manifest(outdir) {
  const files = {};
  for (const name of OUTPUTS.filter((n) => n !== 'manifest.json')) {
    files[name] = `sha384-${sha('sha384', readFileSync(join(outdir, name)), 'base64')}`;
  }
  const lock = JSON.parse(readFileSync(join(here, 'package-lock.json'), 'utf8'));
  return (
    JSON.stringify(
      {
        esbuild: lock.packages['node_modules/esbuild'].version,
        packageLockSha256: sha('sha256', readFileSync(join(here, 'package-lock.json')), 'hex'),
        srcSha256: Object.fromEntries(
          readdirSync(join(here, 'src'))
            .sort()
            .map((f) => [f, sha('sha256', readFileSync(join(here, 'src', f)), 'hex')]),
        ),
        files,
      },
      null,
      2,
    ) + '\n'
  );
}

if (process.argv.includes('--check')) {
  const scratch = mkdtempSync(join(tmpdir(), 'graphiql-build-'));
  try {
    await build(scratch);
    const stale = OUTPUTS.filter((name) => {
      const committed = join(dist, name);
      return !existsSync(committed) || !readFileSync(committed).equals(readFileSync(join(scratch, name)));
    });
    if (stale.length > 0) {
      console.error(`GraphiQL bundle is stale: ${stale.join(', ')} differ from a fresh build.`);
      console.error('Rebuild with crates/server/assets/graphiql/build.sh and commit dist/.');
      process.exit(1);
    }
    console.log('GraphiQL bundle: dist/ matches a fresh build');
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
} else {
  await build(dist);
  for (const name of OUTPUTS) console.log(`${name}  ${readFileSync(join(dist, name)).length} bytes`);
}
