/** @module The Partner Center client. */
export const SDK_VERSION = '0.1.0';
