/**
 * Issue 19: the API users and tokens defined in the config file (var/callcenter.json, `api.users`,
 * `api.tokens`) as the admin pages show them: read-only, with their source, never a password or
 * a token. The app never writes the config file; docs/ADMIN.md says how to move them to the
 * database (api_users / api_tokens). Pure.
 */
export interface FileAccounts {
  /** The config file they come from (var/callcenter.json or CC_CONFIG). */
  file: string;
  users: readonly { name: string; role: string }[];
  tokens: readonly { name: string; role: string }[];
}

export interface ConfigAccount {
  name: string;
  role: string;
  kind: 'user' | 'token';
  source: string;
  readOnly: true;
  /** A database API user of the same name exists: the config file's entry is the one that signs in. */
  shadowsDatabaseUser: boolean;
}

export function configAccounts(f: FileAccounts, databaseUsers: ReadonlySet<string>): ConfigAccount[] {
  return [
    ...f.users.map((u) => ({ name: u.name, role: u.role, kind: 'user' as const, source: f.file, readOnly: true as const, shadowsDatabaseUser: databaseUsers.has(u.name) })),
    ...f.tokens.map((t) => ({ name: t.name, role: t.role, kind: 'token' as const, source: f.file, readOnly: true as const, shadowsDatabaseUser: false })),
  ];
}
