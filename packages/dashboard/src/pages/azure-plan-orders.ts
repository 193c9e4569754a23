/** @module Reading a delete refusal's wording for the orders that are Azure plans. */

/**
 * An Azure plan is not cancelled but suspended: the refusal says which of the orders it names
 * are Azure plans ("suspend the Azure plan of the following orders: ..."; docs/compatibility.md).
 */
export function azurePlanOrderIds(description: string): Set<string> {
  const listed = /suspend the Azure plan of the following orders: ([^;]+)/i.exec(description)?.[1] ?? '';
  return new Set(
    listed
      .split(',')
      .map((id) => id.trim().replace(/\.$/, ''))
      .filter(Boolean),
  );
}
