import type { EServiceDefinition } from '../definition/format.js';
import { faultReport } from './fault-report.js';

/** The example e-services shipped as templates; each must validate against the format. */
export const TEMPLATES: readonly EServiceDefinition[] = [faultReport];
