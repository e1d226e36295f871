import type { Case, ContextPacket } from '#schemas/case.ts';
import { factsOf, openAccounts } from './facts.ts';

const money = (minor: number, currency: string) =>
  new Intl.NumberFormat('en-GB', { style: 'currency', currency }).format(minor / 100);

const flagWords = (c: Case): string[] => {
  const words: string[] = [];
  if (c.flags.vulnerability)
    words.push(`vulnerability (${c.flags.vulnerability.drivers.join(', ')})`);
  if (c.flags.breathingSpace) words.push(`breathing space (${c.flags.breathingSpace.kind})`);
  if (c.flags.complaints.length) words.push(`${c.flags.complaints.length} open complaint(s)`);
  if (c.flags.fraud) words.push('fraud suspected');
  if (c.flags.debtAdviser) words.push(`debt adviser: ${c.flags.debtAdviser.organisation}`);
  if (c.flags.financialDifficulty) words.push('financial difficulty');
  return words;
};

/**
 * What travels with a handover so the receiving team starts where the sender stopped: a summary,
 * the customer's circumstances as told once, consented needs, promises, the latest outcomes and
 * the open deadlines.
 */
const contextPacketOf = (c: Case): ContextPacket => {
  const facts = factsOf(c);
  const accounts = openAccounts(c);
  const currency = accounts[0]?.currency ?? 'GBP';
  const flags = flagWords(c);
  const summary = [
    `${accounts.length} account(s) with ${money(Number(facts.arrearsMinor), currency)} in arrears`,
    `${facts.daysPastDue} days past due`,
    `stage ${c.stage}`,
    ...(flags.length ? [`flags: ${flags.join('; ')}`] : []),
  ].join(', ');
  const outcomes = [
    ...c.contacts.map((x) => ({ at: x.at, text: `${x.channel} ${x.direction}: ${x.summary}` })),
    ...c.notes.filter((n) => !n.restricted).map((n) => ({ at: n.at, text: `note: ${n.text}` })),
  ]
    .sort((a, b) => Date.parse(b.at) - Date.parse(a.at))
    .slice(0, 5)
    .map((o) => o.text);
  const vulnerability = c.flags.vulnerability;
  return {
    summary,
    ...(vulnerability?.circumstances ? { circumstances: vulnerability.circumstances } : {}),
    needs: vulnerability?.needs ?? [],
    // Copies: the packet is what was known at the handover, and the case's own promises and
    // deadlines change in place later (kept, warned), which a shared object would carry into it.
    promises: structuredClone(c.promises.filter((p) => p.status !== 'kept')),
    recentOutcomes: outcomes,
    openDeadlines: structuredClone(c.deadlines.filter((d) => d.kind !== 'handover-acceptance')),
  };
};

export { contextPacketOf };
