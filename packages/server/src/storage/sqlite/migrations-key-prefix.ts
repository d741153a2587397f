/**
 * SQLite: stored key prefixes that may be the whole key (a short bootstrap key such as `dev-key` had
 * its first 8 characters, i.e. all of it, stored) become masked (`d***`), as auth/api-keys.ts keyPrefix now stores them.
 * Generated keys (`th_` + 40 characters) keep their 8-character prefix.
 */
export const SQLITE_KEY_PREFIX_MIGRATIONS: Record<string, string[]> = {
  '0012_key_prefix': [
    `UPDATE api_keys SET key_prefix = substr(key_prefix, 1, 1) || '***'
      WHERE key_prefix NOT LIKE 'th\\_%' ESCAPE '\\' OR length(key_prefix) < 8 OR name = 'default admin key'`,
  ],
};
