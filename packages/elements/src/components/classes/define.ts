import { defineElement } from '../../internal/define.js';
import { SessionsClasses } from './sessions-classes.js';

export { SessionsClasses };

defineElement('sessions-classes', SessionsClasses);
