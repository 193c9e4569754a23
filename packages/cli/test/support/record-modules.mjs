// `node --import <this file>`: appends the URL of every module Node loads to the file named by
// PARTNERBOX_TEST_MODULE_LOG, so a test can tell which build of the CLI ran.
import { register } from 'node:module';

register('./record-modules-hooks.mjs', import.meta.url);
