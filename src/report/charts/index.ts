/** Every chart the report draws, in page order. */
import { accuracyChart } from './accuracy.js';
import { batchScalingChart } from './batch-scaling.js';
import type { ChartFn } from './chart.js';
import { coldStartChart } from './cold-start.js';
import { comparisonChart } from './comparison.js';
import { distributionChart } from './distribution.js';
import { fp16Chart } from './fp16.js';
import { latencyChart } from './latency.js';
import { layersOpShareChart } from './layers-op-share.js';
import { layersTopChart } from './layers-top.js';
import { loadTimelineChart } from './load-timeline.js';
import { throughputLatencyChart } from './throughput-latency.js';

export const CHARTS: ChartFn[] = [
  comparisonChart,
  latencyChart,
  batchScalingChart,
  throughputLatencyChart,
  loadTimelineChart,
  distributionChart,
  coldStartChart,
  fp16Chart,
  accuracyChart,
  layersTopChart,
  layersOpShareChart,
];
