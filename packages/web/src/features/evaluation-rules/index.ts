/** Online evaluation rules and the model connections they judge through. */
export { EvaluationRulesPage } from './components/EvaluationRulesPage';
export { useModelConnections, type ModelConnectionView } from './api';
