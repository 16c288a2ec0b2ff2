// Builds the server and web app when their sources are newer than the last build, so
// `npm install` and `npm start` build once and a running server never rebuilds per request.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

function newestMtime(dir) {
  let newest = 0;
  if (!existsSync(dir)) return newest;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist') continue;
    const path = join(dir, entry.name);
    const mtime = entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs;
    if (mtime > newest) newest = mtime;
  }
  return newest;
}

function stamp(file) {
  return existsSync(file) ? statSync(file).mtimeMs : 0;
}

const targets = [
  { workspace: 'server', sources: ['server/src', 'server/package.json'], output: 'server/dist/cli/main.js' },
  {
    workspace: 'web',
    sources: ['web/src', 'web/index.html', 'web/portal.html', 'web/package.json'],
    output: 'web/dist/index.html',
  },
];

if (!existsSync(join(root, 'node_modules'))) process.exit(0);

for (const target of targets) {
  const built = stamp(join(root, target.output));
  const changed = Math.max(
    ...target.sources.map((s) => {
      const path = join(root, s);
      return existsSync(path) && statSync(path).isDirectory() ? newestMtime(path) : stamp(path);
    }),
  );
  if (built > 0 && built >= changed) continue;
  process.stdout.write(`Building ${target.workspace}…\n`);
  const result = spawnSync('npm', ['run', 'build', '-w', target.workspace], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
