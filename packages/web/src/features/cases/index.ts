/** Cases: list, detail, acknowledge, resolve. */
export { CaseListPage } from './components/CaseListPage';
export { CaseDetailPage } from './components/CaseDetailPage';
