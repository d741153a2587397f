/** Policies: list, versions with YAML/JSON view, activation. */
export { PolicyListPage } from './components/PolicyListPage';
export { PolicyDetailPage } from './components/PolicyDetailPage';
export { policyYaml } from './policy-yaml';
