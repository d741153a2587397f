/**
 * Annotation queues: the queue pages, loaded on demand (the trace pages import this index for the
 * small "add to queue" dialog, so the pages themselves stay out of the first bundle), and the dialog.
 */
import { lazy } from 'react';

export const AnnotationQueuesRoutes = lazy(() => import('./components/AnnotationQueuesRoutes').then((m) => ({ default: m.AnnotationQueuesRoutes })));
export { AddToQueueDialog } from './components/AddToQueueDialog';
