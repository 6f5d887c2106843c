import type { EServiceDefinition } from '../definition/format.js';
import { adultEducation } from './adult-education.js';
import { buildingPermit } from './building-permit.js';
import { civilWedding } from './civil-wedding.js';
import { faultReport } from './fault-report.js';
import { preschoolPlace } from './preschool-place.js';
import { servingLicence } from './serving-licence.js';

export { adultEducation, buildingPermit, civilWedding, faultReport, preschoolPlace, servingLicence };

/** The example e-services shipped as templates; each must validate against the format. */
export const TEMPLATES: readonly EServiceDefinition[] = [
  preschoolPlace,
  adultEducation,
  civilWedding,
  buildingPermit,
  servingLicence,
  faultReport,
];

export { EXAMPLE_ANSWERS } from './example-answers.js';
export { adoptedDefinition, shareableDefinition, type AdoptionFacts, type LeftOutOfTemplate, type ShareableTemplate } from './sharing.js';
