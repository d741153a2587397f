/** Online evaluation rules, the model connections they judge through, and judge calibration (pages loaded on demand). */
export { EvaluationRulesPage } from './components/EvaluationRulesPage';
export { CalibrationPage } from './components/CalibrationPage';
export { useModelConnections, type ModelConnectionView } from './api';
