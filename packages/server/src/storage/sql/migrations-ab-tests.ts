/** Both SQL backends: A/B test definitions (docs/ab-tests.md). The traces of a test are found by their attributes. */
export const AB_TEST_MIGRATIONS: Record<string, string[]> = {
  '0016_ab_tests': [
    `CREATE TABLE ab_tests (project_id TEXT NOT NULL, test_id TEXT NOT NULL, name TEXT NOT NULL, definition TEXT NOT NULL,
      created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL, PRIMARY KEY (project_id, test_id))`,
    'CREATE UNIQUE INDEX ab_tests_name ON ab_tests (project_id, name)',
  ],
};

/** The Kysely table type of `ab_tests`. */
export interface AbTestTables {
  ab_tests: {
    project_id: string;
    test_id: string;
    name: string;
    definition: string;
    created_at: number;
    updated_at: number;
  };
}
