/** @module The package version, sent in `MS-PartnerCenter-Application`. */
export const SDK_VERSION = '0.1.0';
