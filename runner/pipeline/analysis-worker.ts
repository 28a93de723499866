/**
 * Runs analyzeSeries on the series the build sends (analysis-pool.ts). The
 * points arrive as flat typed arrays and are rebuilt as the model builder
 * had them, so the result is the one the main thread would compute.
 */
import { parentPort } from 'node:worker_threads';
import { analyzeSeries } from '../../results/analysis/series.ts';
import { decodePoints, type AnalysisRequest } from './analysis-pool.ts';

parentPort?.on('message', (request: AnalysisRequest) => {
  try {
    const analysis = analyzeSeries(decodePoints(request), request.options);
    parentPort?.postMessage({ id: request.id, analysis });
  } catch (error) {
    parentPort?.postMessage({ id: request.id, error: error instanceof Error ? { message: error.message, stack: error.stack } : { message: String(error) } });
  }
});
