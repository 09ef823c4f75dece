import { BREAKS } from './support/break-expectations.js';
import { describeBreaks } from './support/describe-breaks.js';

describeBreaks('the checker against each broken reference integration (part 1)', BREAKS.slice(0, 15));
