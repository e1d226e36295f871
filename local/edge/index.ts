/** The edge: one HTTP port speaking the AWS wire protocols, for every part's routes. */
export type { Edge, EdgeOptions } from './create-edge.ts';
export { createEdge, HEALTH_PATH } from './create-edge.ts';
export { awsError, jsonError, queryError, s3Error } from './wire-errors.ts';
