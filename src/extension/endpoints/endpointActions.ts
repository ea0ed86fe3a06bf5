// The lazily loaded bundle behind `LazyEndpointActions`: Deploy Model… and Import from Hugging Face….
export { Deployments } from './deployModel';
export { importFromHuggingFace } from '../importModel';
