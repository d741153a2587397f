/** Sessions: conversation list and one conversation's traces in order. */
export { SessionListPage } from './components/SessionListPage';
export { SessionDetailPage } from './components/SessionDetailPage';
