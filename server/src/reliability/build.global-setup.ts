import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url));

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist') continue;
    newest = Math.max(newest, newestMtime(join(path, entry.name)));
  }
  return newest;
}

/**
 * The process tests run the compiled server (`bin/aftercare.js`), so it must match the sources under
 * test: rebuild the server when any of its sources or migrations is newer than the last build.
 */
export default function setup() {
  const built = join(root, 'server/dist/cli/main.js');
  const builtAt = existsSync(built) ? statSync(built).mtimeMs : 0;
  const changedAt = Math.max(
    newestMtime(join(root, 'server/src')),
    newestMtime(join(root, 'server/package.json')),
  );
  if (builtAt > 0 && builtAt >= changedAt) return;
  const startedAt = Date.now();
  const result = spawnSync('npm', ['run', 'build', '-w', 'server'], { cwd: root, stdio: 'inherit' });
  // Type errors still emit JavaScript (the type check is its own CI step); only a build that wrote
  // nothing leaves the process tests without a server to run.
  const rebuilt = existsSync(built) && statSync(built).mtimeMs >= startedAt - 1000;
  if (result.status !== 0 && !rebuilt) throw new Error('The server build failed; the process tests need it.');
}
