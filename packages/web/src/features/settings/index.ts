/** Settings: API keys, users, projects. */
export { SettingsPage } from './components/SettingsPage';
