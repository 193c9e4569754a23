/**
 * @module The sandbox's built-in catalog. It holds every offer and product id that appears
 * in the docs' examples (reserved VM instances, perpetual software, software subscriptions,
 * the licence-based and Azure offers) plus a few new-commerce offers, so that doc samples
 * can be replayed as they are. Names of offers the docs do not name are the sandbox's own.
 */
import type { OfferKind } from './records.js';

export interface CatalogOffer {
  /** `product:sku:availability`, or a legacy GUID / `MS-AZR-…` id. */
  offerId: string;
  kind: OfferKind;
  productId: string;
  skuId: string;
  availabilityId?: string;
  friendlyName: string;
  billingCycle: string;
  termDuration?: string;
  minQuantity: number;
  /** Products bundled with this one, listed as `includedEntitlements`. */
  includes?: readonly { productId: string; skuId: string }[];
  /** Legacy ids that name the same offer. */
  aliases?: readonly string[];
}

const offer = (o: CatalogOffer): CatalogOffer => o;

export const CATALOG: readonly CatalogOffer[] = [
  // Azure reserved VM instances (create-an-order, get-an-order, get-all-orders, entitlements pages).
  offer({
    offerId: 'DZH318Z0BQ4B:0047:DZH318Z0DSM8',
    kind: 'reservedinstance',
    productId: 'DZH318Z0BQ4B',
    skuId: '0047',
    availabilityId: 'DZH318Z0DSM8',
    friendlyName: 'Reserved VM Instance, Standard_D2s_v3, 1 Year',
    billingCycle: 'one_time',
    termDuration: 'P1Y',
    minQuantity: 1,
    aliases: ['84A03D81-6B37-4D66-8D4A-FAEA24541538'],
  }),
  offer({
    offerId: 'DZH318Z0BQ4B:000Z:DZH318Z0DSPL',
    kind: 'reservedinstance',
    productId: 'DZH318Z0BQ4B',
    skuId: '000Z',
    availabilityId: 'DZH318Z0DSPL',
    friendlyName: 'Reserved_VM_Instance_Standard_D1_AP_East_1_Year',
    billingCycle: 'one_time',
    termDuration: 'P1Y',
    minQuantity: 1,
  }),
  offer({
    offerId: 'DZH318Z0BQ4Z:002L:DZH318Z0CMNP',
    kind: 'reservedinstance',
    productId: 'DZH318Z0BQ4Z',
    skuId: '002L',
    availabilityId: 'DZH318Z0CMNP',
    friendlyName: 'Reserved_VM_Instance_Standard_NC12_AU_East_1_Year',
    billingCycle: 'one_time',
    termDuration: 'P1Y',
    minQuantity: 1,
  }),
  offer({
    offerId: 'DZH318Z0BQ3W:007J:DZH318Z0BQ3X',
    kind: 'reservedinstance',
    productId: 'DZH318Z0BQ3W',
    skuId: '007J',
    availabilityId: 'DZH318Z0BQ3X',
    friendlyName: 'Reserved VM Instance, Standard_B1s, 3 Years',
    billingCycle: 'one_time',
    termDuration: 'P3Y',
    minQuantity: 1,
  }),
  // Perpetual software (cancel-an-order-from-the-integration-sandbox, entitlements pages).
  offer({
    offerId: 'DG7GMGF0DWT0:0001:DG7GMGF0DSQR',
    kind: 'software_perpetual',
    productId: 'DG7GMGF0DWT0',
    skuId: '0001',
    availabilityId: 'DG7GMGF0DSQR',
    friendlyName: 'Microsoft Identity Manager 2016 - 1 User CAL',
    billingCycle: 'one_time',
    minQuantity: 1,
  }),
  offer({
    offerId: 'DG7GMGF0DWTK:0002:DG7GMGF0DWTL',
    kind: 'software_perpetual',
    productId: 'DG7GMGF0DWTK',
    skuId: '0002',
    availabilityId: 'DG7GMGF0DWTL',
    friendlyName: 'Sandbox perpetual software bundle (DG7GMGF0DWTK)',
    billingCycle: 'one_time',
    minQuantity: 1,
    includes: [
      { productId: 'DG7GMGF0DWTJ', skuId: '0001' },
      { productId: 'DG7GMGF0DWLG', skuId: '0002' },
    ],
  }),
  offer({
    offerId: 'DG7GMGF0DWM3:0002:DG7GMGF0DWM4',
    kind: 'software_perpetual',
    productId: 'DG7GMGF0DWM3',
    skuId: '0002',
    availabilityId: 'DG7GMGF0DWM4',
    friendlyName: 'Sandbox perpetual software bundle (DG7GMGF0DWM3)',
    billingCycle: 'one_time',
    minQuantity: 1,
    includes: [
      { productId: 'DG7GMGF0DWM2', skuId: '0001' },
      { productId: 'DG7GMGF0DWMK', skuId: '0001' },
    ],
  }),
  // Software subscriptions (cancel-software-purchases, entitlements with showExpiry).
  offer({
    offerId: 'DG7GMGF0FKZV:0003:DG7GMGF0DWMS',
    kind: 'software_subscription',
    productId: 'DG7GMGF0FKZV',
    skuId: '0003',
    availabilityId: 'DG7GMGF0DWMS',
    friendlyName: 'SQL Server Enterprise - 2 Core License Pack - 3 year',
    billingCycle: 'one_time',
    termDuration: 'P3Y',
    minQuantity: 1,
  }),
  offer({
    offerId: 'DG7GMGF0DVT7:000C:DG7GMGF0FVZM',
    kind: 'software_subscription',
    productId: 'DG7GMGF0DVT7',
    skuId: '000C',
    availabilityId: 'DG7GMGF0FVZM',
    friendlyName: 'Windows Server CAL - 1 Device CAL - 3 year',
    billingCycle: 'one_time',
    termDuration: 'P3Y',
    minQuantity: 1,
  }),
  offer({
    offerId: 'DG7GMGF0DWBQ:0003:DG7GMGF0DWBR',
    kind: 'software_subscription',
    productId: 'DG7GMGF0DWBQ',
    skuId: '0003',
    availabilityId: 'DG7GMGF0DWBR',
    friendlyName: 'Sandbox software subscription bundle (DG7GMGF0DWBQ) - 3 year',
    billingCycle: 'one_time',
    termDuration: 'P3Y',
    minQuantity: 1,
    includes: [
      { productId: 'DG7GMGF0DWV1', skuId: '0002' },
      { productId: 'DG7GMGF0DWV2', skuId: '0002' },
    ],
  }),
  // Licence-based offers with legacy GUID ids (get-all-orders, suspend-a-subscription pages).
  offer({
    offerId: 'E59159FC-6F67-4599-B3CB-17FF4020F643',
    kind: 'license',
    productId: '84A661C4-E949-4BD2-A560-ED7766FCAF2B',
    skuId: 'E59159FC-6F67-4599-B3CB-17FF4020F643',
    friendlyName: 'Azure Active Directory Premium P2',
    billingCycle: 'monthly',
    minQuantity: 1,
  }),
  offer({
    offerId: '0CCA44D6-68E9-4762-94EE-31ECE98783B9',
    kind: 'license',
    productId: '0CCA44D6-68E9-4762-94EE-31ECE98783B9',
    skuId: '0CCA44D6-68E9-4762-94EE-31ECE98783B9',
    friendlyName: 'Sandbox licence-based offer (0CCA44D6)',
    billingCycle: 'monthly',
    minQuantity: 1,
  }),
  offer({
    offerId: '5C1E9B2A-0F3D-4B6E-8A7C-2D9F4E1B3A60',
    kind: 'license',
    productId: '5C1E9B2A-0F3D-4B6E-8A7C-2D9F4E1B3A60',
    skuId: '5C1E9B2A-0F3D-4B6E-8A7C-2D9F4E1B3A60',
    friendlyName: 'Sandbox licence-based offer with a 30-seat minimum',
    billingCycle: 'monthly',
    minQuantity: 30,
  }),
  // New-commerce licence offers: cancelled or suspended through PATCH subscription only.
  offer({
    offerId: 'CFQ7TTC0LH18:0001:CFQ7TTC0K5BD',
    kind: 'newcommerce',
    productId: 'CFQ7TTC0LH18',
    skuId: '0001',
    availabilityId: 'CFQ7TTC0K5BD',
    friendlyName: 'Microsoft 365 Business Basic',
    billingCycle: 'monthly',
    termDuration: 'P1M',
    minQuantity: 1,
  }),
  offer({
    offerId: 'CFQ7TTC0LCHC:0002:CFQ7TTC0K8R5',
    kind: 'newcommerce',
    productId: 'CFQ7TTC0LCHC',
    skuId: '0002',
    availabilityId: 'CFQ7TTC0K8R5',
    friendlyName: 'Microsoft 365 E3',
    billingCycle: 'monthly',
    termDuration: 'P1Y',
    minQuantity: 1,
  }),
  // Azure: the legacy usage-based offer (get-a-subscription-by-id) and the Azure plan.
  offer({
    offerId: 'MS-AZR-0145P',
    kind: 'azure',
    productId: 'MS-AZR-0145P',
    skuId: 'MS-AZR-0145P',
    friendlyName: 'Microsoft Azure',
    billingCycle: 'monthly',
    minQuantity: 1,
  }),
  offer({
    offerId: 'DZH318Z0BPS6:0001:DZH318Z0BPHC',
    kind: 'azure',
    productId: 'DZH318Z0BPS6',
    skuId: '0001',
    availabilityId: 'DZH318Z0BPHC',
    friendlyName: 'Azure plan',
    billingCycle: 'monthly',
    minQuantity: 1,
  }),
];

const byId = new Map<string, CatalogOffer>();
for (const o of CATALOG) {
  byId.set(o.offerId.toLowerCase(), o);
  for (const alias of o.aliases ?? []) byId.set(alias.toLowerCase(), o);
  // `product:sku` without the availability names the offer too when it is unambiguous.
  if (o.availabilityId) byId.set(`${o.productId}:${o.skuId}`.toLowerCase(), o);
}

/** Offer ids are matched case-insensitively, as Partner Center does. */
export function findOffer(offerId: string): CatalogOffer | undefined {
  return byId.get(offerId.trim().toLowerCase());
}

/**
 * The Azure plan (product DZH318Z0BPS6), told apart from the legacy usage-based Azure offer
 * (`MS-AZR-…`, no availability): only the plan is cancelled through PATCH subscription and
 * blocks DELETE until suspended.
 */
export function isAzurePlan(item: { kind: OfferKind; availabilityId?: string | undefined }): boolean {
  return item.kind === 'azure' && item.availabilityId !== undefined;
}

export const SUBSCRIPTION_KINDS: ReadonlySet<OfferKind> = new Set(['license', 'newcommerce', 'azure']);
export const SOFTWARE_KINDS: ReadonlySet<OfferKind> = new Set(['software_perpetual', 'software_subscription']);
/** Kinds whose orders block deleting a customer until cancelled: reserved instances and software. */
export const ENTITLEMENT_KINDS: ReadonlySet<OfferKind> = new Set([
  'reservedinstance',
  'software_perpetual',
  'software_subscription',
]);
