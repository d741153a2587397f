/** Prompts: list, versions, side-by-side diff, labels and promote. */
export { PromptListPage } from './components/PromptListPage';
export { PromptDetailPage } from './components/PromptDetailPage';
export { usePrompts, usePromptVersions } from './api';
