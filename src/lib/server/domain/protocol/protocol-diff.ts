import type { ProtocolDocument } from './protocol.schema';

type Keyed = { key: string };

function listChanges<T extends Keyed>(what: string, before: T[], after: T[], describe: (item: T) => string, same: (a: T, b: T) => boolean): string[] {
	const changes: string[] = [];
	for (const item of after) {
		const old = before.find((b) => b.key === item.key);
		if (!old) changes.push(`${what} added: ${describe(item)}`);
		else if (!same(old, item)) changes.push(`${what} changed: ${describe(old)} → ${describe(item)}`);
	}
	for (const item of before) if (!after.some((a) => a.key === item.key)) changes.push(`${what} removed: ${describe(item)}`);
	const order = (items: T[]) => items.map((i) => i.key).filter((k) => before.some((b) => b.key === k) && after.some((a) => a.key === k));
	if (order(before).join() !== order(after).join()) changes.push(`${what}s reordered`);
	return changes;
}

const target = (t: { amount: number; unit: string }) => `${t.amount} ${t.unit === 'working_days' ? 'working days' : 'days'}`;

const participantWords: Record<string, string> = {
	family: 'the family',
	coordinator: 'the coordinator',
	facilitator: 'the facilitator',
	lead_agency: 'the lead agency',
	referring_agency: 'the referring agency'
};
const participants = (list: string[]) => list.map((p) => participantWords[p] ?? p).join(', ') || 'nobody';

/** The differences between two versions of a protocol, in words an LMG meeting can read. */
export function describeProtocolChanges(before: ProtocolDocument, after: ProtocolDocument): string[] {
	const changes = [
		...listChanges('Referral criterion', before.referralCriteria, after.referralCriteria, (c) => `“${c.text}”${c.required ? ' (required)' : ' (optional)'}`, (a, b) => a.text === b.text && a.required === b.required),
		...listChanges('Information category', before.informationCategories, after.informationCategories, (c) => c.label, (a, b) => a.label === b.label),
		...listChanges('Action-plan domain', before.planDomains, after.planDomains, (c) => c.label, (a, b) => a.label === b.label),
		...listChanges('Closure reason', before.closureReasons, after.closureReasons, (c) => c.label, (a, b) => a.label === b.label),
		...listChanges('Feedback question', before.feedbackQuestions, after.feedbackQuestions, (c) => `“${c.text}”`, (a, b) => a.text === b.text)
	];
	const scalar = (label: string, a: string, b: string) => {
		if (a !== b) changes.push(`${label}: ${a} → ${b}`);
	};
	scalar('Consent form wording', `“${before.consent.formWording}”`, `“${after.consent.formWording}”`);
	scalar('Consent lasts', `${before.consent.validityMonths} months`, `${after.consent.validityMonths} months`);
	scalar('Target from referral to decision', target(before.targets.referralToDecision), target(after.targets.referralToDecision));
	scalar('Target from acceptance to first conference', target(before.targets.acceptanceToFirstConference), target(after.targets.acceptanceToFirstConference));
	scalar('Review interval', `${before.reviewIntervalWeeks} weeks`, `${after.reviewIntervalWeeks} weeks`);
	scalar('Longest case', `${before.maxCaseLengthMonths} months`, `${after.maxCaseLengthMonths} months`);
	scalar('Required at conferences', participants(before.requiredParticipants), participants(after.requiredParticipants));
	scalar('Independent facilitator', before.facilitatorMustBeIndependent ? 'required' : 'not required', after.facilitatorMustBeIndependent ? 'required' : 'not required');
	scalar('Staff names in the family’s access log', before.accessLogShowsStaffNames ? 'shown' : 'hidden', after.accessLogShowsStaffNames ? 'shown' : 'hidden');
	scalar('Closed cases kept for', `${before.retentionMonthsAfterClosure} months`, `${after.retentionMonthsAfterClosure} months`);
	return changes;
}
