/** The annotation queue pages: the list with the create form, one queue, and its review screen. */
import { Route, Routes } from 'react-router-dom';
import { QueueListPage } from './QueueListPage';
import { QueuePage } from './QueuePage';
import { ReviewPage } from './ReviewPage';

export function AnnotationQueuesRoutes() {
  return (
    <Routes>
      <Route index element={<QueueListPage />} />
      <Route path=":queueId" element={<QueuePage />} />
      <Route path=":queueId/review" element={<ReviewPage />} />
    </Routes>
  );
}
