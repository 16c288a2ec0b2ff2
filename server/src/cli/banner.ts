/** The one-time notice of the first administrator's credentials. */
export function firstRunBanner(
  admin: { username: string; password: string; generated: boolean },
  url: string,
): string {
  const lines = [
    'First run: an administrator account was created.',
    `  Sign in at ${url}`,
    `  username: ${admin.username}`,
    admin.generated
      ? `  password: ${admin.password}   (shown only this once; change it after signing in)`
      : '  password: the value of AFTERCARE_ADMIN_PASSWORD',
    '',
    'Want sample data? Stop the server, run  npx aftercare seed --demo  and start again.',
  ];
  const width = Math.max(...lines.map((line) => line.length)) + 2;
  const rule = `+${'-'.repeat(width)}+`;
  return [rule, ...lines.map((line) => `| ${line.padEnd(width - 1)}|`), rule].join('\n');
}
