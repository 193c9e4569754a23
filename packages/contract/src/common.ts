/**
 * @module Shapes every Partner Center resource shares: links, attributes, collections and
 * the two error bodies (Partner Center's own and the API gateway's throttling body).
 */
import Type, { type Static, type TSchema } from 'typebox';

export const HeaderSchema = Type.Object({ key: Type.String(), value: Type.String() });

/** `{"uri", "method", "headers"}`. URIs are relative to the API root, with or without `/v1`. */
export const LinkSchema = Type.Object({
  uri: Type.String(),
  method: Type.String(),
  headers: Type.Array(HeaderSchema),
});
export type Link = Static<typeof LinkSchema>;

export const AttributesSchema = Type.Object({
  objectType: Type.String(),
  etag: Type.Optional(Type.String()),
});
export type Attributes = Static<typeof AttributesSchema>;

export const CollectionLinksSchema = Type.Object({
  self: LinkSchema,
  next: Type.Optional(LinkSchema),
  previous: Type.Optional(LinkSchema),
});

/**
 * A collection page. `totalCount` counts the items in this page, not in the whole set: that
 * is how Partner Center fills it, and clients that page must not read it as a grand total.
 */
export function CollectionSchema<T extends TSchema>(item: T, title: string) {
  return Type.Object(
    {
      totalCount: Type.Integer({ minimum: 0 }),
      items: Type.Array(item),
      links: Type.Optional(CollectionLinksSchema),
      continuationToken: Type.Optional(Type.String()),
      attributes: AttributesSchema,
    },
    { title },
  );
}

/**
 * Partner Center's error body. The docs call `code` a string; every real response sends a
 * number, so the server emits a number and clients must accept both.
 */
export const ErrorBodySchema = Type.Object(
  {
    code: Type.Integer(),
    description: Type.String(),
    data: Type.Array(Type.String()),
    source: Type.String(),
  },
  { title: 'Error' },
);
export type ErrorBody = Static<typeof ErrorBodySchema>;

/** The API gateway's body for 429, which is not Partner Center's error shape. */
export const ThrottleBodySchema = Type.Object(
  { statusCode: Type.Literal(429), message: Type.String() },
  { title: 'ThrottleError' },
);
export type ThrottleBody = Static<typeof ThrottleBodySchema>;

/** Lower-case GUID pattern, compared case-insensitively by the server. */
export const GUID_PATTERN = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';
const guidRegExp = new RegExp(GUID_PATTERN);

export function isGuid(value: string): boolean {
  return guidRegExp.test(value);
}
