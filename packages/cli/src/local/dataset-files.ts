/**
 * The local dataset layout: `datasets/{name}/test_cases.json` (`[{id, description, inputs}]`) and
 * `datasets/{name}/expected.json` (`{case_id: {keywords, forbidden, reference}}`). Reading checks
 * everything before anything is sent, and each problem names the file, line and column.
 */
import fs from 'node:fs';
import path from 'node:path';
import { EXPECTED_OUTPUT_STUB, localCaseItem } from '@tracehub/core';
import { CliError } from '../cli-error.js';
import { readJsonFile, writeJsonFile } from './json-file.js';

/** File names of a dataset directory. */
const TEST_CASES_FILE = 'test_cases.json';
const EXPECTED_FILE = 'expected.json';

/** One test case as the file holds it; other fields are kept. */
export interface TestCase {
  id: string;
  description?: string;
  inputs: Record<string, unknown>;
  [field: string]: unknown;
}

/** expected.json: expectations by case id. */
export type ExpectedMap = Record<string, unknown>;

/** The expected.json stub that `dataset collect` adds for a new case. */
export const EXPECTED_STUB = EXPECTED_OUTPUT_STUB;

/** An item for `POST /datasets/{name}/items`. */
export interface UploadItem {
  /** Left out, the server derives an id from the input. */
  id?: string;
  input: unknown;
  expected_output: unknown;
  metadata: Record<string, unknown>;
  source_trace_id?: string | null;
  source_span_id?: string | null;
}

/** Paths of a dataset's files. */
export function datasetPaths(datasetsDir: string, name: string) {
  const dir = path.join(datasetsDir, name);
  return { dir, testCases: path.join(dir, TEST_CASES_FILE), expected: path.join(dir, EXPECTED_FILE), config: path.join(dir, 'config.yaml') };
}

const isRecord = (value: unknown): value is Record<string, unknown> => !!value && typeof value === 'object' && !Array.isArray(value);
const kind = (value: unknown) => (Array.isArray(value) ? 'a list' : value === null ? 'null' : typeof value === 'object' ? 'an object' : `a ${typeof value}`);

/** Reads and checks test_cases.json (ids present, unique, inputs an object). */
export function readTestCases(file: string): TestCase[] {
  const json = readJsonFile(file);
  if (!Array.isArray(json.value)) {
    throw new CliError(`${json.where(0)}: expected a JSON list of test cases ([{"id", "description", "inputs"}]), found ${kind(json.value)}.`);
  }
  const seen = new Map<string, number>();
  return json.value.map((entry, index) => {
    const at = json.where(index);
    if (!isRecord(entry)) throw new CliError(`${at}: case [${index}] must be an object with "id" and "inputs", found ${kind(entry)}.`);
    const id = typeof entry.id === 'number' ? String(entry.id) : entry.id;
    if (typeof id !== 'string' || id.trim() === '') throw new CliError(`${at}: case [${index}] has no "id"; give every case a unique id.`);
    const first = seen.get(id);
    if (first !== undefined) throw new CliError(`${at}: case [${index}] repeats the id "${id}" of case [${first}] (${json.where(first)}); ids must be unique.`);
    seen.set(id, index);
    if (!isRecord(entry.inputs)) throw new CliError(`${at}: case "${id}" needs "inputs": an object of the prompt's variables, found ${kind(entry.inputs)}.`);
    if (entry.description !== undefined && typeof entry.description !== 'string') throw new CliError(`${at}: case "${id}" has a "description" that is not text.`);
    return { ...entry, id, inputs: entry.inputs } as TestCase;
  });
}

/** Reads and checks expected.json against the case ids; a missing file is an empty map. */
export function readExpected(file: string, caseIds: Set<string>): ExpectedMap {
  if (!fs.existsSync(file)) return {};
  const json = readJsonFile(file);
  if (!isRecord(json.value)) throw new CliError(`${json.where(0)}: expected an object keyed by case id ({"case_id": {"keywords", "forbidden", "reference"}}), found ${kind(json.value)}.`);
  for (const [id, entry] of Object.entries(json.value)) {
    if (!caseIds.has(id)) throw new CliError(`${json.where(id)}: entry "${id}" has no case in ${TEST_CASES_FILE}; remove it or add the case.`);
    if (!isRecord(entry)) throw new CliError(`${json.where(id)}: entry "${id}" must be an object like {"keywords": [], "forbidden": [], "reference": {}}, found ${kind(entry)}.`);
    for (const list of ['keywords', 'forbidden']) {
      const value = entry[list];
      if (value !== undefined && (!Array.isArray(value) || value.some((v) => typeof v !== 'string'))) {
        throw new CliError(`${json.where(id)}: entry "${id}" has "${list}" that is not a list of strings.`);
      }
    }
  }
  return json.value;
}

/** The upload items of a dataset directory (core's localCaseItem: the items the runner hashes for a local run). */
export function readDatasetItems(datasetsDir: string, name: string): UploadItem[] {
  const paths = datasetPaths(datasetsDir, name);
  if (!fs.existsSync(paths.testCases)) throw new CliError(`${paths.testCases} does not exist; a dataset directory holds ${TEST_CASES_FILE} and ${EXPECTED_FILE}.`);
  const cases = readTestCases(paths.testCases);
  const expected = readExpected(paths.expected, new Set(cases.map((c) => c.id)));
  return cases.map((c) => localCaseItem(c, expected[c.id]));
}

/** Writes test_cases.json and expected.json (creating the directory). */
export function writeDatasetFiles(datasetsDir: string, name: string, cases: TestCase[], expected: ExpectedMap): void {
  const paths = datasetPaths(datasetsDir, name);
  fs.mkdirSync(paths.dir, { recursive: true });
  writeJsonFile(paths.testCases, cases);
  writeJsonFile(paths.expected, expected);
}
