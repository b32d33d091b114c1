import { defineElement } from '../../internal/define.js';
import { SessionsPackage } from './sessions-package.js';

export { SessionsPackage };

defineElement('sessions-package', SessionsPackage);
