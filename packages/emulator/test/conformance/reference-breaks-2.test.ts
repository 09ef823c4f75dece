import { BREAKS } from './support/break-expectations.js';
import { describeBreaks } from './support/describe-breaks.js';

describeBreaks('the checker against each broken reference integration (part 2)', BREAKS.slice(15));
