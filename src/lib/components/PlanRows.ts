/**
 * The plan edit form's rows: what the form shows (from the saved plan, or from what the person
 * sent back after a refusal) and how its fields are named. Display and form plumbing only: the
 * plan.save procedure validates everything.
 *
 * Fields are named like the procedure's input ("goals.0.text", "actions.2.dueOn"), so its
 * messages land beside the right field once renumbered to the rows the form showed.
 */

export type GoalRow = { key: string; text: string; domain: string; category: string; rating: string; remove: boolean };
export type ActionRow = {
	key: string;
	/** "row:N": the goal in row N of this form (an existing goal or a new one typed above). */
	goal: string;
	description: string;
	category: string;
	responsibleAgencyId: string;
	responsibleMemberId: string;
	workerId: string;
	dueOn: string;
	status: string;
	remove: boolean;
};

export const GOAL_FIELDS = ['key', 'text', 'domain', 'category', 'rating'] as const;
export const ACTION_FIELDS = ['key', 'goal', 'description', 'category', 'responsibleAgencyId', 'responsibleMemberId', 'workerId', 'dueOn', 'status'] as const;

/** Blank rows offered under the saved ones. */
export const BLANK_GOAL_ROWS = 3;
export const BLANK_ACTION_ROWS = 5;

const blankGoal = (): GoalRow => ({ key: '', text: '', domain: '', category: '', rating: '', remove: false });
const blankAction = (): ActionRow => ({
	key: '',
	goal: '',
	description: '',
	category: '',
	responsibleAgencyId: '',
	responsibleMemberId: '',
	workerId: '',
	dueOn: '',
	status: '',
	remove: false
});

type SavedPlan = {
	goals: readonly { key: string; text: string; domain: string; category: string; rating: number }[];
	actions: readonly {
		key: string;
		goalKey: string | null;
		description: string;
		category: string;
		responsibleAgencyId: string | null;
		responsibleMemberId: string | null;
		workerId: string | null;
		dueOn: string;
		status: string;
	}[];
};

/** The saved plan as form rows, with blank rows after. */
export function rowsFromPlan(plan: SavedPlan | null): { goals: GoalRow[]; actions: ActionRow[] } {
	const goals: GoalRow[] = (plan?.goals ?? []).map((g) => ({ key: g.key, text: g.text, domain: g.domain, category: g.category, rating: String(g.rating), remove: false }));
	const goalRow = (key: string | null) => {
		const i = key ? goals.findIndex((g) => g.key === key) : -1;
		return i >= 0 ? `row:${i}` : '';
	};
	const actions: ActionRow[] = (plan?.actions ?? []).map((a) => ({
		key: a.key,
		goal: goalRow(a.goalKey),
		description: a.description,
		category: a.category,
		responsibleAgencyId: a.responsibleAgencyId ?? '',
		responsibleMemberId: a.responsibleMemberId ?? '',
		workerId: a.workerId ?? '',
		dueOn: a.dueOn,
		status: a.status,
		remove: false
	}));
	for (let i = 0; i < BLANK_GOAL_ROWS; i++) goals.push(blankGoal());
	for (let i = 0; i < BLANK_ACTION_ROWS; i++) actions.push(blankAction());
	return { goals, actions };
}

/** The highest row number sent for a list ("goals.4.text" → 5 rows). */
function rowCount(values: Record<string, string>, list: 'goals' | 'actions'): number {
	const pattern = new RegExp(`^${list}\\.(\\d+)\\.`);
	return Math.min(100, Math.max(0, ...Object.keys(values).map((k) => (pattern.test(k) ? Number(pattern.exec(k)![1]) + 1 : 0))));
}

/** The rows exactly as the person sent them, so a refused save loses nothing they typed. */
export function rowsFromValues(values: Record<string, string>): { goals: GoalRow[]; actions: ActionRow[] } {
	const v = (key: string) => values[key] ?? '';
	const goals = Array.from({ length: rowCount(values, 'goals') }, (_, i) => ({
		key: v(`goals.${i}.key`),
		text: v(`goals.${i}.text`),
		domain: v(`goals.${i}.domain`),
		category: v(`goals.${i}.category`),
		rating: v(`goals.${i}.rating`),
		remove: v(`goals.${i}.remove`) === 'yes'
	}));
	const actions = Array.from({ length: rowCount(values, 'actions') }, (_, i) => ({
		key: v(`actions.${i}.key`),
		goal: v(`actions.${i}.goal`),
		description: v(`actions.${i}.description`),
		category: v(`actions.${i}.category`),
		responsibleAgencyId: v(`actions.${i}.responsibleAgencyId`),
		responsibleMemberId: v(`actions.${i}.responsibleMemberId`),
		workerId: v(`actions.${i}.workerId`),
		dueOn: v(`actions.${i}.dueOn`),
		status: v(`actions.${i}.status`),
		remove: v(`actions.${i}.remove`) === 'yes'
	}));
	return { goals, actions };
}

/** A new row nobody typed in: left out of the save. Saved rows are kept unless marked for removal. */
export function goalIsBlank(g: GoalRow): boolean {
	return !g.key && !g.text.trim() && !g.domain && !g.category && !g.rating.trim();
}

export function actionIsBlank(a: ActionRow): boolean {
	return !a.key && !a.description.trim() && !a.goal && !a.category && !a.responsibleAgencyId && !a.responsibleMemberId && !a.workerId && !a.dueOn;
}
