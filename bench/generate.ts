/**
 * The bench datasets: a national-scale Tautoko (60 LMGs, 600 agencies, ~5,000 workers,
 * 100,000 families and cases, 2,000,000 audit rows) and a tenth of it with the same shape.
 *
 * The schema is the real one: a fresh SQLite file is migrated with the app's own migrations,
 * then filled with prepared statements in big transactions (the services would take hours).
 * Where the app's own code decides a value it is used: the argon2 hash (computed once, shared
 * by every account), the protocol documents (validated by the protocol schema), case references
 * (referencePrefix), first-conference due dates (dueOn), local dates and times (deadlines.ts).
 *
 * Shape. Every LMG is generated from its own seed, so LMG n is the same in both datasets:
 * the 10k dataset is LMGs 0–5 of the national one (one region of five LMGs and one of a
 * second), not the national LMGs with fewer cases each. An LMG's caseload is bounded by the
 * families in its area; the country grows by more LMGs, so the tenth keeps every per-LMG
 * figure (cases, agencies, workers per agency, consents, conferences, audit rows per case) and
 * the 100k/10k latency ratio isolates the effect of national table sizes on one LMG's requests.
 *
 * Cached in bench/.data by generator version and size; a cache older than a week is rebuilt
 * (consents, deadlines and queues are relative to the day the data was made).
 *
 *   tsx bench/generate.ts [10k|100k] [--force]
 */
import { closeSync, constants, copyFileSync, existsSync, fsyncSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { addMonths } from 'date-fns';
import { argon2Hasher } from '../src/lib/server/auth/password';
import { openSqlite } from '../src/lib/server/db';
import { fileMigrations } from '../src/lib/server/db/file-migrations';
import { migrateToLatest } from '../src/lib/server/db/migrate';
import type { AgencyKind } from '../src/lib/server/db/schema';
import { referencePrefix } from '../src/lib/server/domain/case/case.repository';
import { dueOn, instantFromLocal, localDate, localDateWeeksAfter } from '../src/lib/server/domain/deadlines/deadlines';
import { defaultProtocol, protocolDocumentSchema, type ProtocolDocument } from '../src/lib/server/domain/protocol/protocol.schema';
import { BENCH_EMAIL_DOMAIN, BENCH_PASSWORD, between, chance, DATA_DIR, ensureDataDir, pick, rngFor, sample, seconds, uuidFrom, type Rng } from './lib';

/** Bump when the generated data changes shape; caches of other versions are ignored. */
export const GENERATOR_VERSION = 4;

/** Cases per LMG by LMG number (cycling): uneven like real areas, and LMGs 0–5 hold exactly 10,000. */
const LMG_SIZES = [1250, 1450, 1650, 1750, 1900, 2000];
const LMGS_PER_REGION = 5;
/** Audit rows per case (on average; 10 % of them are sign-ins, queues and reports with no case). */
const AUDIT_PER_CASE = 20;
const HISTORY_DAYS = 4 * 365;
const DAY = 86_400_000;

export type DatasetSize = '10k' | '100k';
export const LMG_COUNT: Record<DatasetSize, number> = { '10k': 6, '100k': 60 };

export type DatasetMeta = {
	version: number;
	size: DatasetSize;
	generatedAt: string;
	generationSeconds: number;
	counts: Record<string, number>;
	/** The LMGs whose people the bench signs in as: the same six in both datasets. */
	benchLmgIds: string[];
	foreignKeyViolations: number;
};

const REGIONS = ['Te Tai Tokerau', 'Tāmaki Makaurau', 'Waikato', 'Te Moana-a-Toi', 'Tairāwhiti–Hawke’s Bay', 'Taranaki–Manawatū', 'Te Whanganui-a-Tara', 'Te Tauihu', 'Waitaha–Te Tai Poutini', 'Ōtākou', 'Murihiku', 'Southern Lakes'];
const LMG_NAMES = [
	'Whangārei', 'Kaitāia', 'Kaikohe', 'Dargaville', 'Bay of Islands',
	'Waitematā North', 'Waitākere', 'Auckland Central', 'Manukau', 'Papakura',
	'Kirikiriroa Hamilton', 'Thames–Coromandel', 'Te Awamutu', 'Taumarunui', 'Huntly',
	'Tauranga', 'Whakatāne', 'Rotorua', 'Taupō', 'Ōpōtiki',
	'Tairāwhiti', 'Wairoa', 'Ahuriri Napier', 'Heretaunga Hastings', 'Central Hawke’s Bay',
	'New Plymouth', 'Hāwera', 'Whanganui', 'Palmerston North', 'Horowhenua',
	'Porirua', 'Hutt Valley', 'Wellington City', 'Kāpiti', 'Wairarapa',
	'Whakatū Nelson', 'Motueka', 'Blenheim', 'Golden Bay', 'Kaikōura',
	'Christchurch East', 'Christchurch West', 'Timaru', 'Greymouth', 'Westport',
	'Dunedin North', 'Dunedin South', 'Ōamaru', 'Central Otago', 'Balclutha',
	'Invercargill', 'Gore', 'Te Anau', 'Riverton', 'Bluff',
	'Queenstown', 'Wānaka', 'Ashburton', 'Rangiora', 'Wharekauri Chatham Islands'
];

type AgencySeed = { id: string; name: string; kind: AgencyKind; sector: 'government' | 'non_government'; staff: number; workers: string[] };
const REGIONAL_AGENCIES: { name: (region: string) => string; kind: AgencyKind }[] = [
	{ name: (r) => `${r} Health`, kind: 'health' },
	{ name: (r) => `Police – ${r} District`, kind: 'police' },
	{ name: (r) => `Income Support – ${r}`, kind: 'income' },
	{ name: (r) => `Oranga Tamariki – ${r}`, kind: 'care_and_protection' },
	{ name: (r) => `Kāinga Ora – ${r}`, kind: 'housing' }
];
const LOCAL_AGENCIES: { name: (lmg: string) => string; kind: AgencyKind; sector: 'government' | 'non_government' }[] = [
	{ name: (l) => `${l} Primary School`, kind: 'education', sector: 'government' },
	{ name: (l) => `${l} Intermediate`, kind: 'education', sector: 'government' },
	{ name: (l) => `${l} College`, kind: 'education', sector: 'government' },
	{ name: (l) => `${l} Whānau Support Trust`, kind: 'ngo', sector: 'non_government' },
	{ name: (l) => `${l} Family Centre`, kind: 'ngo', sector: 'non_government' },
	{ name: (l) => `Te Hauora o ${l}`, kind: 'maori_provider', sector: 'non_government' },
	{ name: (l) => `${l} Pasifika Services`, kind: 'pacific_provider', sector: 'non_government' },
	{ name: (l) => `${l} Housing Trust`, kind: 'housing', sector: 'non_government' },
	{ name: (l) => `${l} Budget Advice`, kind: 'other', sector: 'non_government' }
];
/** Who refers, by kind (schools and health refer most). */
const REFERRER_WEIGHT: Record<AgencyKind, number> = { education: 5, health: 4, police: 3, ngo: 3, maori_provider: 2, pacific_provider: 1, housing: 1, income: 1, care_and_protection: 1, other: 0.5 };
const CATEGORIES = ['health', 'education', 'justice', 'housing', 'income', 'care_and_protection', 'other'];
const KIND_CATEGORIES: Record<AgencyKind, string[]> = {
	health: ['health'],
	education: ['education'],
	police: ['justice'],
	income: ['income'],
	care_and_protection: ['care_and_protection'],
	housing: ['housing', 'income'],
	ngo: ['health', 'housing', 'income', 'other'],
	maori_provider: ['health', 'education', 'housing', 'other'],
	pacific_provider: ['health', 'education', 'income', 'other'],
	other: ['income', 'other']
};
const SURNAMES = ['Parata', 'Ngata', 'Smith', 'Williams', 'Tipene', 'Henare', 'Brown', 'Wilson', 'Taylor', 'Te Rangi', 'Tupou', 'Faleolo', 'Kingi', 'Walker', 'Singh', 'Nguyen', 'Morgan', 'Rāwiri', 'Clarke', 'Tuhiwai', 'Fifita', 'Patel', 'McDonald', 'Harris', 'Moana', 'Edwards', 'Aperahama', 'Lee', 'Tamihana', 'Young'];
const GIVEN = ['Aroha', 'Mere', 'Kiri', 'Jess', 'Sione', 'Losa', 'Priya', 'Sarah', 'Hemi', 'Wiremu', 'Tama', 'Nikau', 'Manaia', 'Ihaia', 'Rongo', 'Ana', 'Liam', 'Olivia', 'Ava', 'Mason', 'Isla', 'Noah', 'Mia', 'Kauri', 'Maia', 'Tane', 'Hana', 'Leo', 'Ruby', 'Eli'];
const LABEL_SUFFIX = ['whānau', 'family', 'whānau', 'family', 'aiga'];
const LANGUAGES = [['English'], ['English'], ['English', 'te reo Māori'], ['te reo Māori', 'English'], ['Samoan', 'English'], ['Tongan', 'English'], ['Hindi', 'English']];
const NOTE_TEXT: Record<string, string[]> = {
	health: ['Booked a GP appointment for the whole whānau.', 'Catch-up immunisations arranged at the health centre.', 'Referred to the community mental health team.'],
	education: ['Attendance up to 85 % this term.', 'A quiet space is available at lunchtime.', 'Reading support twice a week with the teacher aide.'],
	justice: ['Court date moved to next month.', 'Community work hours completed.'],
	housing: ['On the priority list for a four-bedroom home.', 'Emergency accommodation for four weeks.', 'Dehumidifier and curtains delivered.'],
	income: ['Hardship grant approved for the power bill.', 'Appointment with the budget adviser made.'],
	care_and_protection: ['Safety plan reviewed with the caregiver.', 'No statutory concerns at present.'],
	other: ['Family attended the marae open day.', 'Sports fees paid for the term.']
};
const GOAL_TEXT = ['Our whānau has a warm, dry home big enough for all of us', 'The children go to school every day and enjoy it', 'Mum’s health is looked after so she can work again', 'We manage our money and pay the bills on time', 'Everyone in our home is safe', 'We spend time together as a whānau every week'];
const ACTION_TEXT = ['Confirm the place on the priority housing list', 'Weekly attendance check-in', 'Refer to physiotherapy', 'Set up a budget with the adviser', 'Fit thermal curtains and a dehumidifier', 'Arrange counselling sessions', 'Apply for the school uniform grant', 'Book the hearing test', 'Bring the tenancy papers to the housing meeting', 'Enrol in the parenting course'];

type CaseFacts = { id: string; opened: number; end: number; network: number[]; coordinatorIdx: number; lmgIdx: number };

type Ctx = {
	db: SQLite.Database;
	now: number;
	hash: string;
	stmt: Record<string, SQLite.Statement>;
	counts: Record<string, number>;
	users: string[];
	agencies: AgencySeed[];
	cases: CaseFacts[];
	referencesUsed: Map<string, number>;
};

const iso = (ms: number) => new Date(ms).toISOString();

/** The dataset's file, generating it first if no fresh cache exists; newer migrations are applied to the cache. */
export async function ensureDataset(size: DatasetSize, options: { force?: boolean; log?: (line: string) => void } = {}): Promise<{ path: string; meta: DatasetMeta }> {
	const log = options.log ?? console.log;
	ensureDataDir();
	const path = join(DATA_DIR, `tautoko-${size}-g${GENERATOR_VERSION}.db`);
	const metaPath = `${path}.json`;
	let meta: DatasetMeta | undefined;
	if (!options.force && existsSync(path) && existsSync(metaPath)) {
		meta = JSON.parse(readFileSync(metaPath, 'utf8')) as DatasetMeta;
		const ageDays = (Date.now() - new Date(meta.generatedAt).getTime()) / DAY;
		if (meta.version !== GENERATOR_VERSION || ageDays > 7) {
			log(`dataset ${size}: cache is ${ageDays.toFixed(1)} days old (generator v${meta.version}); rebuilding`);
			meta = undefined;
		} else {
			log(`dataset ${size}: cached (made ${meta.generatedAt} in ${meta.generationSeconds.toFixed(0)} s)`);
		}
	}
	if (!meta) meta = await generate(size, path, log);
	// A cache made before a newer migration is brought up to date the way production would be.
	const db = openSqlite(path);
	try {
		await migrateToLatest(db, fileMigrations);
	} finally {
		await db.destroy();
	}
	return { path, meta };
}

/**
 * A working copy for one bench run (the server writes sessions and audit rows into it), flushed
 * to disk before use: otherwise SQLite's first checkpoint fsync waits for gigabytes of the copy to
 * be written back, and the server stalls for seconds in the middle of a measurement.
 */
export function copyDataset(source: string, target: string): void {
	for (const suffix of ['', '-wal', '-shm']) rmSync(target + suffix, { force: true });
	copyFileSync(source, target, constants.COPYFILE_FICLONE);
	const fd = openSync(target, 'r+');
	try {
		fsyncSync(fd);
	} finally {
		closeSync(fd);
	}
}

async function generate(size: DatasetSize, path: string, log: (line: string) => void): Promise<DatasetMeta> {
	const started = performance.now();
	for (const suffix of ['', '-wal', '-shm', '.json']) rmSync(path + suffix, { force: true });
	const lmgCount = LMG_COUNT[size];
	log(`dataset ${size}: generating ${lmgCount} LMGs into ${path}`);

	// The real schema, by the real migrations.
	const migrated = openSqlite(path);
	await migrateToLatest(migrated, fileMigrations);
	await migrated.destroy();
	// One argon2id hash with the app's parameters, shared by every account.
	const hash = await argon2Hasher.hash(BENCH_PASSWORD);

	const db = new SQLite(path);
	// Loading into a file nobody else uses: a crash just means generating again.
	db.pragma('journal_mode = DELETE');
	if (db.pragma('journal_mode = MEMORY', { simple: true }) !== 'memory') throw new Error('could not keep the journal in memory for loading');
	db.pragma('synchronous = OFF');
	db.pragma('foreign_keys = OFF');
	db.pragma('cache_size = -1000000');
	db.pragma('temp_store = MEMORY');
	const ctx: Ctx = { db, now: Date.now(), hash, stmt: prepareStatements(db), counts: {}, users: [], agencies: [], cases: [], referencesUsed: new Map() };

	// Indexes stay in place while loading, so they grow (and fragment) as a real database's do.
	const regionCount = Math.ceil(lmgCount / LMGS_PER_REGION);
	const admin = insertUser(ctx, rngFor('admin'), 'admin', 'System Administrator', null, [{ role: 'admin', lmgId: null }]);
	void admin;
	const regions: { id: string; agencies: AgencySeed[] }[] = [];
	db.transaction(() => {
		for (let r = 0; r < regionCount; r++) regions.push(makeRegion(ctx, r));
	})();
	const lmgIds: string[] = [];
	const work: Work[] = [];
	db.transaction(() => {
		for (let i = 0; i < lmgCount; i++) {
			const lmg = makeLmg(ctx, i, regions[Math.floor(i / LMGS_PER_REGION)]);
			lmgIds.push(lmg.lmgId);
			work.push(...lmg.work);
		}
	})();
	// Every LMG's cases interleaved by the day they began, as they would reach a real database:
	// an LMG's rows are spread over the whole file, not packed together.
	work.sort((a, b) => a.at - b.at || a.lmg - b.lmg);
	const chunk = 5000;
	for (let start = 0; start < work.length; start += chunk) {
		db.transaction(() => {
			for (const w of work.slice(start, start + chunk)) w.run(w.at);
		})();
		if ((start / chunk) % 10 === 9 || start + chunk >= work.length) log(`  ${Math.min(work.length, start + chunk)}/${work.length} cases and referrals (${ctx.cases.length} cases, ${seconds(started)})`);
	}
	const t = performance.now();
	makeAudit(ctx, lmgCount);
	log(`  audit rows: ${ctx.counts.audit_log} in ${seconds(t)}`);

	const violations = db.prepare('pragma foreign_key_check').all().length;
	if (violations > 0) log(`  WARNING: ${violations} foreign key violations`);
	db.pragma('journal_mode = WAL');
	db.close();

	const meta: DatasetMeta = {
		version: GENERATOR_VERSION,
		size,
		generatedAt: new Date(ctx.now).toISOString(),
		generationSeconds: (performance.now() - started) / 1000,
		counts: ctx.counts,
		benchLmgIds: lmgIds.slice(0, 6),
		foreignKeyViolations: violations
	};
	writeFileSync(`${path}.json`, JSON.stringify(meta, null, 2));
	log(`dataset ${size}: generated in ${meta.generationSeconds.toFixed(0)} s: ${Object.entries(ctx.counts).map(([k, v]) => `${k} ${v}`).join(', ')}`);
	return meta;
}

function prepareStatements(db: SQLite.Database) {
	const insert = (table: string, columns: string[]) => db.prepare(`insert into ${table} (${columns.join(', ')}) values (${columns.map(() => '?').join(', ')})`);
	return {
		region: insert('region', ['id', 'name', 'created_at']),
		lmg: insert('lmg', ['id', 'region_id', 'name', 'timezone', 'created_at']),
		agency: insert('agency', ['id', 'name', 'kind', 'sector', 'created_at']),
		lmg_agency: insert('lmg_agency', ['lmg_id', 'agency_id', 'joined_at']),
		app_user: insert('app_user', ['id', 'email', 'name', 'password_hash', 'agency_id', 'family_member_id', 'disabled_at', 'password_changed_at', 'created_at']),
		user_role: insert('user_role', ['id', 'user_id', 'role', 'lmg_id', 'created_at']),
		protocol_version: insert('protocol_version', ['id', 'lmg_id', 'version', 'status', 'document_json', 'change_note', 'created_by', 'published_by', 'published_at', 'created_at']),
		family: insert('family', ['id', 'lmg_id', 'label', 'area', 'languages_json', 'interpreter_needed', 'cultural_identity', 'iwi', 'created_at']),
		family_member: insert('family_member', ['id', 'family_id', 'name', 'date_of_birth', 'gender', 'relationship', 'member_kind', 'school', 'created_at']),
		referral: insert('referral', ['id', 'lmg_id', 'family_id', 'referring_agency_id', 'referring_user_id', 'protocol_version_id', 'needs_json', 'summary', 'agreement_on', 'agreement_method', 'status', 'decision_reason', 'decided_by', 'decided_at', 'withdrawn_at', 'submitted_at', 'created_at']),
		referral_criterion_answer: insert('referral_criterion_answer', ['referral_id', 'criterion_key', 'met', 'note', 'answered_by', 'answered_at']),
		family_case: insert('family_case', ['id', 'reference', 'lmg_id', 'family_id', 'referral_id', 'protocol_version_id', 'status', 'needs_lead_agency', 'coordinator_id', 'lead_agency_id', 'lead_worker_id', 'facilitator_id', 'opened_at', 'next_review_on', 'first_conference_due_on', 'closed_at', 'closure_reason', 'closing_report', 'updated_at', 'created_at']),
		case_agency: insert('case_agency', ['case_id', 'agency_id', 'added_by', 'added_at']),
		consent_event: insert('consent_event', ['id', 'case_id', 'agency_id', 'state', 'scope_all', 'categories_json', 'given_by_member_id', 'recorded_by', 'method', 'valid_from', 'valid_until', 'note', 'created_at']),
		case_note: insert('case_note', ['id', 'case_id', 'category', 'body', 'noted_on', 'author_id', 'author_agency_id', 'created_at']),
		case_event: insert('case_event', ['id', 'case_id', 'kind', 'summary', 'category', 'actor_id', 'created_at']),
		conference: insert('conference', ['id', 'case_id', 'kind', 'status', 'scheduled_start_at', 'location', 'facilitator_id', 'interpreter', 'support_people', 'minutes', 'decisions', 'plan_id', 'held_at', 'cancelled_at', 'cancel_reason', 'created_by', 'created_at']),
		conference_invitee: insert('conference_invitee', ['id', 'conference_id', 'invitee_kind', 'agency_id', 'user_id', 'family_member_id', 'name', 'attendance', 'apology_update', 'created_at']),
		action_plan: insert('action_plan', ['id', 'case_id', 'version', 'status', 'conference_id', 'created_by', 'agreed_at', 'created_at', 'updated_at']),
		goal: insert('goal', ['id', 'plan_id', 'goal_key', 'position', 'text', 'domain', 'category', 'rating', 'created_at']),
		plan_action: insert('plan_action', ['id', 'plan_id', 'goal_id', 'action_key', 'position', 'description', 'category', 'responsible_agency_id', 'responsible_member_id', 'worker_id', 'due_on', 'status', 'needs_reassignment', 'completed_on', 'updated_at', 'created_at']),
		action_progress: insert('action_progress', ['id', 'action_id', 'status', 'note', 'author_id', 'created_at']),
		handover: insert('handover', ['id', 'case_id', 'from_agency_id', 'to_agency_id', 'reason', 'note', 'status', 'proposed_by', 'proposed_at', 'responded_by', 'responded_at', 'created_at']),
		concern: insert('concern', ['id', 'case_id', 'description', 'statutory_referral_to', 'statutory_referral_on', 'raised_by', 'created_at']),
		feedback_answer: insert('feedback_answer', ['id', 'case_id', 'question_key', 'answer', 'created_at']),
		family_invitation: insert('family_invitation', ['id', 'case_id', 'family_member_id', 'code_hash', 'expires_at', 'used_at', 'used_by', 'created_by', 'created_at']),
		audit_log: insert('audit_log', ['at', 'user_id', 'role', 'agency_id', 'lmg_id', 'procedure', 'case_id', 'outcome', 'detail', 'address'])
	};
}

function run(ctx: Ctx, table: keyof ReturnType<typeof prepareStatements>, ...values: unknown[]) {
	ctx.stmt[table].run(...values);
	ctx.counts[table] = (ctx.counts[table] ?? 0) + 1;
}

function slug(name: string) {
	return name
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-|-$/g, '');
}

function insertUser(ctx: Ctx, r: Rng, emailLocal: string, name: string, agencyId: string | null, roles: { role: string; lmgId: string | null }[], familyMemberId: string | null = null, createdAt = ctx.now - HISTORY_DAYS * DAY - 30 * DAY) {
	const id = uuidFrom(r);
	run(ctx, 'app_user', id, `${emailLocal}@${BENCH_EMAIL_DOMAIN}`, name, ctx.hash, agencyId, familyMemberId, null, iso(createdAt), iso(createdAt));
	for (const g of roles) run(ctx, 'user_role', uuidFrom(r), id, g.role, g.lmgId, iso(createdAt));
	return id;
}

function makeAgency(ctx: Ctx, r: Rng, name: string, kind: AgencyKind, sector: 'government' | 'non_government', staff: number): AgencySeed {
	const agency: AgencySeed = { id: uuidFrom(r), name, kind, sector, staff, workers: [] };
	const at = iso(ctx.now - (HISTORY_DAYS + 60) * DAY);
	run(ctx, 'agency', agency.id, name, kind, sector, at);
	const agencySlug = slug(name);
	for (let w = 0; w < staff; w++) {
		agency.workers.push(insertUser(ctx, r, `${agencySlug}.${w + 1}`, `${pick(r, GIVEN)} ${pick(r, SURNAMES)}`, agency.id, [{ role: 'agency_worker', lmgId: null }]));
	}
	ctx.agencies.push(agency);
	return agency;
}

function makeRegion(ctx: Ctx, index: number) {
	const r = rngFor('region', index);
	const id = uuidFrom(r);
	run(ctx, 'region', id, REGIONS[index], iso(ctx.now - (HISTORY_DAYS + 90) * DAY));
	// Regional government agencies serve every LMG of the region, so they have more staff.
	const agencies = REGIONAL_AGENCIES.map((a) => makeAgency(ctx, r, a.name(REGIONS[index]), a.kind, 'government', 20));
	return { id, agencies };
}

/** The protocol versions: the default, and for every other LMG a second version with its own rules. */
function lmgProtocols(index: number): { document: ProtocolDocument; daysAgo: number; note: string }[] {
	const base = defaultProtocol();
	const versions = [{ document: base, daysAgo: HISTORY_DAYS + 60, note: 'Started from the default protocol' }];
	if (index % 2 === 0) {
		versions.push({
			document: {
				...base,
				referralCriteria: [...base.referralCriteria, { key: 'kaupapa_maori_offered', text: 'The whānau has been offered a kaupapa Māori provider', required: false }],
				reviewIntervalWeeks: 6,
				closureReasons: [...base.closureReasons, { key: 'transferred_to_iwi_service', label: 'Support continues through an iwi service' }]
			},
			daysAgo: 200,
			note: 'Six-weekly reviews; offer of a kaupapa Māori provider recorded at referral'
		});
	}
	// Through the real schema, as publishing would.
	return versions.map((v) => ({ ...v, document: protocolDocumentSchema.parse(v.document) }));
}

function makeLmg(ctx: Ctx, index: number, region: { id: string; agencies: AgencySeed[] }): { lmgId: string; work: Work[] } {
	const r = rngFor('lmg', index);
	const name = LMG_NAMES[index];
	const timezone = name.startsWith('Wharekauri') ? 'Pacific/Chatham' : 'Pacific/Auckland';
	const lmgId = uuidFrom(r);
	const lmgSlug = slug(name);
	run(ctx, 'lmg', lmgId, region.id, name, timezone, iso(ctx.now - (HISTORY_DAYS + 60) * DAY));
	const local = LOCAL_AGENCIES.map((a, j) => makeAgency(ctx, r, a.name(name), a.kind, a.sector, 6 + (j % 3)));
	const members = [...region.agencies, ...local];
	for (const a of members) run(ctx, 'lmg_agency', lmgId, a.id, iso(ctx.now - (HISTORY_DAYS + 30) * DAY));

	const coordinator = insertUser(ctx, r, `coordinator.${lmgSlug}`, `${pick(r, GIVEN)} ${pick(r, SURNAMES)}`, null, [{ role: 'coordinator', lmgId }]);
	insertUser(ctx, r, `lmg.${lmgSlug}`, `${pick(r, GIVEN)} ${pick(r, SURNAMES)}`, null, [{ role: 'lmg_admin', lmgId }]);
	insertUser(ctx, r, `lmg2.${lmgSlug}`, `${pick(r, GIVEN)} ${pick(r, SURNAMES)}`, null, [{ role: 'lmg_admin', lmgId }]);
	const coordinatorIdx = ctx.users.push(coordinator) - 1;
	// Facilitators: workers of the local NGOs who also facilitate conferences.
	const facilitators = [local[3].workers[0], local[4].workers[0], local[5].workers[0]];

	const protocols = lmgProtocols(index).map((p, v) => {
		const id = uuidFrom(r);
		const at = iso(ctx.now - p.daysAgo * DAY);
		run(ctx, 'protocol_version', id, lmgId, v + 1, 'published', JSON.stringify(p.document), p.note, coordinator, coordinator, at, at);
		return { id, document: p.document, from: ctx.now - p.daysAgo * DAY };
	});
	const protocolAt = (ms: number) => [...protocols].reverse().find((p) => p.from <= ms) ?? protocols[0];

	const memo = new Map<string, unknown>();
	const cached = <T>(key: string, make: () => T): T => {
		if (!memo.has(key)) memo.set(key, make());
		return memo.get(key) as T;
	};
	const L = {
		date: (ms: number) => localDate(new Date(ms), timezone),
		at10: (date: string) => cached(`10:${date}`, () => instantFromLocal(date, '10:00', timezone)?.getTime() ?? instantFromLocal(date, '11:00', timezone)!.getTime()),
		due: (ms: number, p: ProtocolDocument) => cached(`due:${L.date(ms)}:${JSON.stringify(p.targets.acceptanceToFirstConference)}`, () => dueOn(new Date(ms), p.targets.acceptanceToFirstConference, timezone)),
		weeksAfter: (ms: number, weeks: number) => cached(`w:${L.date(ms)}:${weeks}`, () => localDateWeeksAfter(new Date(ms), weeks, timezone))
	};
	const referrerWeights = members.map((a) => REFERRER_WEIGHT[a.kind]);
	const referrer = (r: Rng) => {
		let x = r() * referrerWeights.reduce((s, w) => s + w, 0);
		for (let k = 0; k < members.length; k++) if ((x -= referrerWeights[k]) < 0) return k;
		return members.length - 1;
	};

	// The LMG's cases and other referrals, each at the moment it began, drawn from the LMG's own
	// seed; the caller interleaves every LMG's work by time, as a real database fills.
	const rc = rngFor('cases', index);
	const rt = rngFor('opened', index);
	const n = LMG_SIZES[index % LMG_SIZES.length];
	const env: LmgEnv = { lmgId, lmgIdx: index, name, timezone, members, coordinator, coordinatorIdx, facilitators, protocolAt, L, referrer };
	const work: Work[] = [];
	for (let k = 0; k < n; k++) work.push({ at: ctx.now - rt() * HISTORY_DAYS * DAY, lmg: index, run: (at) => makeCase(ctx, rc, env, at) });
	// Referrals that did not become cases: waiting for a decision, declined, withdrawn.
	const others: { status: string; daysAgo: number }[] = [];
	for (let k = 0; k < 12; k++) others.push({ status: 'submitted', daysAgo: rt() * 8 });
	for (let k = 0; k < 6; k++) others.push({ status: 'under_assessment', daysAgo: 2 + rt() * 12 });
	for (let k = 0; k < Math.round(n * 0.05); k++) others.push({ status: 'declined', daysAgo: 10 + rt() * HISTORY_DAYS });
	for (let k = 0; k < Math.round(n * 0.02); k++) others.push({ status: 'withdrawn', daysAgo: 10 + rt() * HISTORY_DAYS });
	for (const o of others) {
		work.push({
			at: ctx.now - o.daysAgo * DAY,
			lmg: index,
			run: (submitted) => {
				const family = makeFamily(ctx, rc, lmgId, name, submitted);
				const ref = members[referrer(rc)];
				const id = uuidFrom(rc);
				const decided = o.status === 'declined' ? submitted + between(rc, 1, 9) * DAY : null;
				run(ctx, 'referral', id, lmgId, family.id, ref.id, pick(rc, ref.workers), protocolAt(submitted).id, JSON.stringify(sample(rc, CATEGORIES, between(rc, 2, 4))), 'Several needs; the family asked for coordinated support.', L.date(submitted - DAY), pick(rc, ['signed_form', 'verbal']), o.status, o.status === 'declined' ? pick(rc, ['A single need that one agency can meet', 'Needs a statutory response', 'The family did not agree']) : null, decided ? coordinator : null, decided ? iso(decided) : null, o.status === 'withdrawn' ? iso(submitted + between(rc, 1, 5) * DAY) : null, iso(submitted), iso(submitted));
				if (o.status === 'under_assessment') run(ctx, 'referral_criterion_answer', id, 'several_needs', 'yes', null, coordinator, iso(submitted + DAY));
			}
		});
	}
	// Within the LMG, in time order: the same order (and so the same draws) whatever LMGs surround it.
	work.sort((a, b) => a.at - b.at);
	return { lmgId, work };
}

type Work = { at: number; lmg: number; run: (at: number) => void };

type LmgEnv = {
	lmgId: string;
	lmgIdx: number;
	name: string;
	timezone: string;
	members: AgencySeed[];
	coordinator: string;
	coordinatorIdx: number;
	facilitators: string[];
	protocolAt: (ms: number) => { id: string; document: ProtocolDocument; from: number };
	L: { date: (ms: number) => string; at10: (date: string) => number; due: (ms: number, p: ProtocolDocument) => string; weeksAfter: (ms: number, weeks: number) => string };
	referrer: (r: Rng) => number;
};

function makeFamily(ctx: Ctx, r: Rng, lmgId: string, area: string, at: number) {
	const id = uuidFrom(r);
	const surname = pick(r, SURNAMES);
	const maori = chance(r, 0.35);
	run(ctx, 'family', id, lmgId, `${surname} ${pick(r, LABEL_SUFFIX)}`, area, JSON.stringify(pick(r, LANGUAGES)), chance(r, 0.06) ? 1 : 0, maori ? 'Māori' : chance(r, 0.15) ? 'Pacific' : null, maori && chance(r, 0.6) ? pick(r, ['Ngāti Kahu', 'Ngāpuhi', 'Tainui', 'Ngāi Tahu', 'Ngāti Porou', 'Te Arawa']) : null, iso(at));
	const members: { id: string; kind: 'caregiver' | 'child' | 'other_adult'; name: string }[] = [];
	const caregivers = chance(r, 0.55) ? 1 : 2;
	const children = between(r, 1, 4);
	for (let m = 0; m < caregivers + children + (chance(r, 0.1) ? 1 : 0); m++) {
		const kind = m < caregivers ? 'caregiver' : m < caregivers + children ? 'child' : 'other_adult';
		const memberName = `${pick(r, GIVEN)} ${surname}`;
		const born = kind === 'child' ? 2008 + between(r, 0, 17) : 1960 + between(r, 0, 40);
		const mid = uuidFrom(r);
		run(ctx, 'family_member', mid, id, memberName, `${born}-${String(between(r, 1, 12)).padStart(2, '0')}-${String(between(r, 1, 28)).padStart(2, '0')}`, pick(r, ['female', 'male', 'female', 'male', null]), kind === 'caregiver' ? pick(r, ['Mother', 'Father', 'Grandmother', 'Aunt']) : kind === 'child' ? pick(r, ['Son', 'Daughter', 'Mokopuna']) : 'Uncle', kind, kind === 'child' ? `${area} Primary School` : null, iso(at));
		members.push({ id: mid, kind, name: memberName });
	}
	return { id, members };
}

type ConsentState = { state: 'granted' | 'declined' | 'withdrawn'; scopeAll: boolean; categories: string[]; validUntil: number | null; at: number };

function makeCase(ctx: Ctx, r: Rng, env: LmgEnv, opened: number) {
	const { L, members, coordinator } = env;
	const now = ctx.now;
	const openedDaysAgo = (now - opened) / DAY;
	const submitted = opened - (1 + r() * 9) * DAY;
	const protocol = env.protocolAt(submitted);
	const doc = protocol.document;
	const family = makeFamily(ctx, r, env.lmgId, env.name, submitted);
	const caregivers = family.members.filter((m) => m.kind === 'caregiver');

	// Lifecycle: the first conference 8–33 days after acceptance, involvement of 3–12 months.
	const initialAfter = (8 + r() * 25) * DAY;
	const length = (90 + r() * 270) * DAY;
	let status: 'awaiting_conference' | 'active' | 'closed';
	if (opened + initialAfter > now || (openedDaysAgo < 60 && chance(r, 0.08))) status = 'awaiting_conference';
	else if (opened + length > now || chance(r, 0.02)) status = 'active';
	else status = 'closed';
	const closedAt = status === 'closed' ? opened + length : null;
	const end = closedAt ?? now;

	// The referral and the network of agencies.
	const refIdx = env.referrer(r);
	const referring = members[refIdx];
	const referringWorker = pick(r, referring.workers);
	const others = sample(r, members.map((_, k) => k).filter((k) => k !== refIdx), between(r, 2, 4));
	const network = [refIdx, ...others];
	const referralId = uuidFrom(r);
	const needs = [...new Set(network.flatMap((k) => KIND_CATEGORIES[members[k].kind].slice(0, 1)))];
	run(ctx, 'referral', referralId, env.lmgId, family.id, referring.id, referringWorker, protocol.id, JSON.stringify(needs), 'The family has several needs and asked for the agencies to work together with them.', L.date(submitted - DAY), pick(r, ['signed_form', 'verbal']), 'accepted', null, coordinator, iso(opened), null, iso(submitted), iso(submitted));
	for (const c of doc.referralCriteria) run(ctx, 'referral_criterion_answer', referralId, c.key, 'yes', null, coordinator, iso(opened - 3600_000));

	const caseId = uuidFrom(r);
	const year = new Date(opened).getUTCFullYear();
	const prefix = `${referencePrefix(env.name)}-${year}-`;
	const seq = (ctx.referencesUsed.get(prefix) ?? 0) + 1;
	ctx.referencesUsed.set(prefix, seq);
	const reference = `${prefix}${String(seq).padStart(4, '0')}`;

	const events: [string, string, string | null, string | null, number][] = [['case_opened', 'Referral accepted; case opened', null, coordinator, opened]];

	// Consent per network agency: granted (often partly), declined, or not yet asked; some
	// withdrawn, some re-granted, some with a short validity that ends during the case.
	const consentNow = new Map<number, ConsentState>();
	const consentRow = (k: number, s: ConsentState, note: string | null, method: string) => {
		run(ctx, 'consent_event', uuidFrom(r), caseId, members[k].id, s.state, s.scopeAll ? 1 : 0, JSON.stringify(s.scopeAll ? [] : s.categories), pick(r, caregivers).id, coordinator, method, s.state === 'granted' ? iso(s.at) : null, s.validUntil ? iso(s.validUntil) : null, note, iso(s.at));
		consentNow.set(k, s);
	};
	for (const k of network) {
		const agency = members[k];
		const askedAt = opened + r() * 5 * DAY;
		if (askedAt > now) continue;
		run(ctx, 'case_agency', caseId, agency.id, coordinator, iso(askedAt));
		const roll = r();
		if (roll < 0.04 && status === 'awaiting_conference') continue;
		if (roll < 0.1) {
			consentRow(k, { state: 'declined', scopeAll: false, categories: [], validUntil: null, at: askedAt }, pick(r, [null, 'The family would rather this agency was not involved.']), 'verbal');
			events.push(['consent_declined', `The family refused consent for ${agency.name}`, null, coordinator, askedAt]);
			continue;
		}
		const kindCats = KIND_CATEGORIES[agency.kind];
		const scopeAll = (kindCats.length > 2 && chance(r, 0.55)) || chance(r, 0.1);
		const categories = scopeAll ? [] : sample(r, kindCats, Math.max(1, Math.min(kindCats.length, between(r, 1, 3))));
		const shortValidity = chance(r, 0.08);
		const validUntil = shortValidity ? askedAt + between(r, 60, 200) * DAY : addMonths(new Date(askedAt), doc.consent.validityMonths).getTime();
		consentRow(k, { state: 'granted', scopeAll, categories, validUntil, at: askedAt }, null, pick(r, ['signed_form', 'signed_form', 'verbal']));
		events.push(['consent_granted', `Consent recorded for ${agency.name}`, null, coordinator, askedAt]);
		const s = consentNow.get(k)!;
		// Renewed at its end when the case was still open, most of the time.
		if (s.validUntil! < end && chance(r, 0.6)) {
			const renewed = s.validUntil! - between(r, 0, 10) * DAY;
			consentRow(k, { ...s, at: renewed, validUntil: addMonths(new Date(renewed), doc.consent.validityMonths).getTime() }, 'Renewed', 'signed_form');
		}
		const withdraw = r();
		if (withdraw < 0.08) {
			const at = consentNow.get(k)!.at + r() * Math.max(DAY, end - consentNow.get(k)!.at);
			if (at < now) {
				const held = s.scopeAll ? CATEGORIES : s.categories;
				consentRow(k, { state: 'withdrawn', scopeAll: false, categories: held, validUntil: null, at }, null, pick(r, ['verbal', 'family_portal']));
				events.push(['consent_withdrawn', `Consent withdrawn for ${agency.name}`, null, coordinator, at]);
				if (chance(r, 0.2) && at + 20 * DAY < end) {
					const again = at + between(r, 5, 20) * DAY;
					consentRow(k, { state: 'granted', scopeAll: false, categories: held.slice(0, 1), validUntil: addMonths(new Date(again), doc.consent.validityMonths).getTime(), at: again }, 'Given again', 'family_portal');
				}
			}
		} else if (withdraw < 0.12 && !s.scopeAll && s.categories.length > 1) {
			const at = s.at + r() * (end - s.at);
			if (at < now) consentRow(k, { ...consentNow.get(k)!, categories: s.categories.slice(1), at }, `Withdrawn for: ${s.categories[0]}`, 'verbal');
		}
	}
	const hasConsent = (k: number, at: number) => {
		const c = consentNow.get(k);
		return c !== undefined && c.state === 'granted' && c.validUntil !== null && c.validUntil > at;
	};
	const seeCategories = (k: number) => {
		const c = consentNow.get(k);
		return !c || c.state !== 'granted' ? [] : c.scopeAll ? CATEGORIES : c.categories;
	};

	// Lead agency: a network agency with consent, preferring NGOs and kaupapa Māori providers.
	const leadCandidates = network.filter((k) => consentNow.get(k)?.state === 'granted');
	const leadIdx = status === 'awaiting_conference' ? undefined : (leadCandidates.find((k) => ['ngo', 'maori_provider', 'pacific_provider'].includes(members[k].kind)) ?? leadCandidates[0]);
	const lead = leadIdx === undefined ? null : members[leadIdx];
	const leadWorker = lead ? pick(r, lead.workers) : null;
	const facilitator = pick(r, env.facilitators);
	const needsLead = status === 'awaiting_conference' || leadIdx === undefined || !hasConsent(leadIdx, end) ? 1 : 0;

	// Conferences: initial, reviews at the protocol's interval (some late), closing; a plan version agreed at each.
	const confs: { kind: 'initial' | 'review' | 'closing'; at: number; status: 'held' | 'scheduled' | 'cancelled' }[] = [];
	const interval = doc.reviewIntervalWeeks * 7 * DAY;
	if (status === 'awaiting_conference') {
		if (chance(r, 0.6)) confs.push({ kind: 'initial', at: L.at10(L.due(opened, doc)) + between(r, -3, 2) * DAY, status: 'scheduled' });
	} else {
		let t = opened + initialAfter;
		confs.push({ kind: 'initial', at: t, status: 'held' });
		for (;;) {
			const next = t + interval + (chance(r, 0.25) ? between(r, 3, 20) : between(r, -5, 0)) * DAY;
			if (next > end - 7 * DAY) break;
			if (chance(r, 0.04)) confs.push({ kind: 'review', at: next - 7 * DAY, status: 'cancelled' });
			confs.push({ kind: 'review', at: next, status: 'held' });
			t = next;
		}
		if (status === 'closed' && chance(r, 0.7)) confs.push({ kind: 'closing', at: closedAt! - between(r, 0, 7) * DAY, status: 'held' });
		if (status === 'active') {
			const nextReview = t + interval;
			if (nextReview - now < 21 * DAY && chance(r, 0.7)) confs.push({ kind: 'review', at: Math.max(nextReview, now + DAY), status: 'scheduled' });
		}
	}
	const lastHeld = [...confs].reverse().find((c) => c.status === 'held' && c.kind !== 'closing');
	const nextReviewOn = status === 'active' && lastHeld ? L.weeksAfter(lastHeld.at, doc.reviewIntervalWeeks) : null;

	run(ctx, 'family_case', caseId, reference, env.lmgId, family.id, referralId, protocol.id, status, needsLead, coordinator, lead?.id ?? null, leadWorker, status === 'awaiting_conference' ? null : facilitator, iso(opened), nextReviewOn, L.due(opened, doc), closedAt ? iso(closedAt) : null, closedAt ? pick(r, doc.closureReasons).key : null, closedAt && lead ? 'The family met most of their goals and feel confident to carry on with the support they have.' : null, iso(Math.min(end, now)), iso(opened));

	// Plans: goals in the family's words, actions that carry over between versions by key.
	type ActionState = { key: string; goal: number; description: string; category: string; agencyIdx: number | null; memberId: string | null; worker: string | null; dueOn: string; dueMs: number; fate: 'done' | 'not_done' | 'cancelled' | 'open'; doneAt: number };
	const goalSeeds = sample(r, doc.planDomains, between(r, 2, 3)).map((d, g) => ({ key: `g${g + 1}`, domain: d.key, text: pick(r, GOAL_TEXT), category: pick(r, CATEGORIES.slice(0, 6)), rating: between(r, 1, 5) }));
	const actions: ActionState[] = [];
	const newAction = (at: number) => {
		const agencyIdx = chance(r, 0.9) ? pick(r, network) : null;
		const dueMs = at + between(r, 14, 84) * DAY;
		const fateRoll = r();
		actions.push({
			key: `a${actions.length + 1}`,
			goal: between(r, 0, goalSeeds.length - 1),
			description: pick(r, ACTION_TEXT),
			category: agencyIdx !== null ? (seeCategories(agencyIdx)[0] ?? pick(r, CATEGORIES)) : pick(r, CATEGORIES),
			agencyIdx,
			memberId: agencyIdx === null ? pick(r, caregivers).id : null,
			worker: agencyIdx !== null && chance(r, 0.3) ? pick(r, members[agencyIdx].workers) : null,
			dueOn: L.date(dueMs),
			dueMs,
			fate: fateRoll < 0.68 ? 'done' : fateRoll < 0.76 ? 'not_done' : fateRoll < 0.81 ? 'cancelled' : 'open',
			doneAt: dueMs + between(r, -20, 25) * DAY
		});
	};
	const statusAt = (a: ActionState, t: number) => {
		if (a.fate === 'done' && a.doneAt <= t) return { status: 'done', completed: L.date(a.doneAt) };
		if ((a.fate === 'not_done' || a.fate === 'cancelled') && a.dueMs + 14 * DAY <= t) return { status: a.fate, completed: null };
		return { status: t - a.dueMs > -30 * DAY ? 'in_progress' : 'not_started', completed: null };
	};
	let version = 0;
	const insertPlan = (conferenceId: string | null, at: number, agreed: boolean) => {
		version++;
		const planId = uuidFrom(r);
		if (version === 1) for (let a = 0; a < between(r, 2, 4); a++) newAction(at);
		else for (let a = 0; a < between(r, 0, 2); a++) newAction(at);
		run(ctx, 'action_plan', planId, caseId, version, agreed ? 'agreed' : 'draft', conferenceId, coordinator, agreed ? iso(at) : null, iso(at - DAY), iso(at));
		const goalIds = goalSeeds.map((g, position) => {
			const id = uuidFrom(r);
			run(ctx, 'goal', id, planId, g.key, position, g.text, g.domain, g.category, Math.min(10, g.rating + version - 1 + between(r, 0, 1)), iso(at - DAY));
			return id;
		});
		actions.forEach((a, position) => {
			const s = statusAt(a, at);
			const reassign = a.agencyIdx !== null && (s.status === 'not_started' || s.status === 'in_progress') && consentNow.get(a.agencyIdx)?.state === 'withdrawn' ? 1 : 0;
			const actionId = uuidFrom(r);
			run(ctx, 'plan_action', actionId, planId, goalIds[a.goal], a.key, position, a.description, a.category, a.agencyIdx === null ? null : members[a.agencyIdx].id, a.memberId, a.worker, a.dueOn, s.status, reassign, s.completed, iso(at), iso(at - DAY));
			if (s.status === 'in_progress' && a.agencyIdx !== null && chance(r, 0.3)) run(ctx, 'action_progress', uuidFrom(r), actionId, 'in_progress', 'Making progress; next check-in booked.', a.worker ?? pick(r, members[a.agencyIdx].workers), iso(at - between(r, 1, 10) * DAY));
		});
		events.push(['plan_saved', `Plan version ${version} saved`, null, coordinator, at - DAY]);
		return planId;
	};

	let latestPlanId: string | null = null;
	for (const c of confs) {
		const confId = uuidFrom(r);
		const planId: string | null = c.status === 'held' && c.kind !== 'closing' ? insertPlan(confId, c.at + 2 * 3600_000, true) : c.status === 'held' ? latestPlanId : null;
		if (planId) latestPlanId = planId;
		if (c.status === 'scheduled' && chance(r, 0.5)) insertPlan(null, now - between(r, 0, 3) * DAY, false);
		run(ctx, 'conference', confId, caseId, c.kind, c.status, iso(c.at), pick(r, [`${env.name} Family Centre`, `Te Hauora o ${env.name}`, 'The family’s home', 'Online']), facilitator, chance(r, 0.06) ? 'Interpreter booked' : null, null, c.status === 'held' ? 'The family set their goals in their own words.' : null, c.status === 'held' ? 'The plan below was agreed by everyone present.' : null, c.status === 'held' ? planId : null, c.status === 'held' ? iso(c.at + 2 * 3600_000) : null, c.status === 'cancelled' ? iso(c.at - 2 * DAY) : null, c.status === 'cancelled' ? 'The family asked to move the meeting' : null, coordinator, iso(c.at - between(r, 7, 14) * DAY));
		for (const k of network.filter((k) => consentNow.get(k)?.state === 'granted')) {
			run(ctx, 'conference_invitee', uuidFrom(r), confId, 'agency', members[k].id, null, null, null, c.status === 'held' ? (chance(r, 0.85) ? 'present' : 'apologies') : 'invited', null, iso(c.at - 7 * DAY));
		}
		for (const m of caregivers) run(ctx, 'conference_invitee', uuidFrom(r), confId, 'family_member', null, null, m.id, null, c.status === 'held' ? 'present' : 'invited', null, iso(c.at - 7 * DAY));
		if (c.status === 'held') events.push(['conference_held', `${c.kind === 'initial' ? 'First' : c.kind === 'review' ? 'Review' : 'Closing'} conference held`, null, coordinator, c.at + 2 * 3600_000]);
	}
	if (status === 'active' && !confs.some((c) => c.status === 'scheduled') && chance(r, 0.15)) insertPlan(null, now - between(r, 1, 20) * DAY, false);

	// Notes, each in a kind of information, written by the coordinator or an agency that may see that kind.
	for (let k = 0; k < between(r, 1, 6); k++) {
		const at = opened + r() * (end - opened);
		const writers = network.filter((a) => seeCategories(a).length > 0);
		const byAgency = writers.length > 0 && chance(r, 0.6) ? pick(r, writers) : null;
		const category = byAgency !== null ? pick(r, seeCategories(byAgency)) : pick(r, CATEGORIES);
		const author = byAgency !== null ? pick(r, members[byAgency].workers) : coordinator;
		run(ctx, 'case_note', uuidFrom(r), caseId, category, pick(r, NOTE_TEXT[category]), L.date(at), author, byAgency !== null ? members[byAgency].id : null, iso(at));
		events.push(['note_added', 'Note added', category, author, at]);
	}

	if (status !== 'awaiting_conference' && lead && chance(r, 0.04)) {
		const to = pick(r, network.filter((k) => k !== leadIdx && consentNow.get(k)?.state === 'granted').concat(leadIdx!));
		const at = opened + r() * (end - opened);
		const pending = status === 'active' && chance(r, 0.3);
		run(ctx, 'handover', uuidFrom(r), caseId, lead.id, members[to].id, 'The family’s main need has changed.', null, pending ? 'proposed' : pick(r, ['accepted', 'declined']), coordinator, iso(at), pending ? null : pick(r, members[to].workers), pending ? null : iso(at + 2 * DAY), iso(at));
	}
	if (chance(r, 0.02)) {
		const at = opened + r() * (end - opened);
		run(ctx, 'concern', uuidFrom(r), caseId, 'A child disclosed a threat at home; referred for a statutory response the same day.', 'Oranga Tamariki', L.date(at), coordinator, iso(at));
	}
	if (closedAt) {
		events.push(['case_closed', 'Case closed', null, coordinator, closedAt]);
		if (chance(r, 0.6)) for (const q of doc.feedbackQuestions) run(ctx, 'feedback_answer', uuidFrom(r), caseId, q.key, pick(r, ['Yes, everyone listened.', 'Mostly.', 'Having one plan made it easier.']), iso(closedAt));
	}
	// A few families use the portal: an invitation, used, and an account for a caregiver.
	if (status !== 'closed' && chance(r, 0.04)) {
		const member = caregivers[0];
		const invitedAt = opened + 2 * DAY;
		const userId = insertUser(ctx, r, `family.${reference.toLowerCase()}`, member.name, null, [{ role: 'family', lmgId: null }], member.id, invitedAt + DAY);
		run(ctx, 'family_invitation', uuidFrom(r), caseId, member.id, uuidFrom(r).replaceAll('-', '') + uuidFrom(r).replaceAll('-', ''), iso(invitedAt + 14 * DAY), iso(invitedAt + DAY), userId, coordinator, iso(invitedAt));
	}
	for (const [kind, summary, category, actor, at] of events) run(ctx, 'case_event', uuidFrom(r), caseId, kind, summary, category, actor, iso(at));

	ctx.cases.push({ id: caseId, opened, end, network: network.map((k) => ctx.agencies.indexOf(members[k])), coordinatorIdx: env.coordinatorIdx, lmgIdx: env.lmgIdx });
}

const CASE_PROCEDURES: [string, string, number][] = [
	['case.get', 'case record', 35],
	['case.timeline', 'timeline', 10],
	['plan.get', 'plan', 15],
	['consent.list', 'consent', 10],
	['conference.list', 'conferences', 8],
	['audit.forCase', 'audit log', 3],
	['case.addNote', 'note: health', 5],
	['action.update', 'action: in_progress', 6],
	['plan.save', 'plan saved', 3],
	['conference.schedule', 'conference scheduled', 2],
	['consent.record', 'consent granted', 3]
];
const OTHER_PROCEDURES: [string, string | null, number][] = [
	['auth.login', null, 50],
	['queue.mine', 'work queue', 30],
	['referral.list', 'referrals', 10],
	['report.summary', 'report', 10]
];

function weighted<T extends [string, string | null, number]>(r: Rng, items: T[]): T {
	let x = r() * items.reduce((s, i) => s + i[2], 0);
	for (const i of items) if ((x -= i[2]) < 0) return i;
	return items[items.length - 1];
}

/**
 * 20 audit rows per case, in time order as the real log is: 90 % about a case (reads and
 * changes by its coordinator and network agencies, a few refused), 10 % sign-ins, queues and reports.
 */
function makeAudit(ctx: Ctx, lmgCount: number) {
	const total = ctx.cases.length * AUDIT_PER_CASE;
	const at = new Float64Array(total);
	const caseOf = new Int32Array(total).fill(-1);
	const userOf = new Int32Array(total);
	const kindOf = new Uint8Array(total);
	const flags = new Uint8Array(total); // 1 = worker (else coordinator), 2 = denied
	const agencyOf = new Int32Array(total).fill(-1);
	const workerUsers: string[] = [];
	let n = 0;
	for (let i = 0; i < lmgCount; i++) {
		const r = rngFor('audit', i);
		const indexes = ctx.cases.map((_, k) => k).filter((k) => ctx.cases[k].lmgIdx === i);
		const cases = indexes.map((k) => ctx.cases[k]);
		const cumulative = new Float64Array(cases.length);
		let sum = 0;
		cases.forEach((c, k) => (cumulative[k] = sum += c.end - c.opened));
		const caseRows = cases.length * (AUDIT_PER_CASE - 2);
		for (let k = 0; k < caseRows; k++) {
			const x = r() * sum;
			let lo = 0;
			let hi = cases.length - 1;
			while (lo < hi) {
				const mid = (lo + hi) >> 1;
				if (cumulative[mid] < x) lo = mid + 1;
				else hi = mid;
			}
			const c = cases[lo];
			at[n] = c.opened + r() * (c.end - c.opened);
			caseOf[n] = indexes[lo];
			kindOf[n] = CASE_PROCEDURES.indexOf(weighted(r, CASE_PROCEDURES));
			if (chance(r, 0.6)) {
				const agencyIdx = pick(r, c.network);
				agencyOf[n] = agencyIdx;
				userOf[n] = workerUsers.push(pick(r, ctx.agencies[agencyIdx].workers)) - 1;
				flags[n] = chance(r, 0.025) ? 3 : 1;
			} else {
				userOf[n] = c.coordinatorIdx;
			}
			n++;
		}
		const coordinatorIdx = cases[0].coordinatorIdx;
		for (let k = 0; k < cases.length * 2; k++) {
			at[n] = ctx.now - r() * HISTORY_DAYS * DAY;
			kindOf[n] = OTHER_PROCEDURES.indexOf(weighted(r, OTHER_PROCEDURES));
			userOf[n] = coordinatorIdx;
			n++;
		}
	}
	const order = new Uint32Array(n);
	for (let k = 0; k < n; k++) order[k] = k;
	order.sort((a, b) => at[a] - at[b]);
	const caseIndex = ctx.cases;
	const lmgOfCase = (k: number) => (caseOf[k] >= 0 ? caseIndex[caseOf[k]] : null);
	const lmgIds = ctx.db.prepare('select id from lmg order by rowid').pluck().all() as string[];
	const chunk = 200_000;
	for (let start = 0; start < n; start += chunk) {
		ctx.db.transaction(() => {
			for (let o = start; o < Math.min(n, start + chunk); o++) {
				const k = order[o];
				const c = lmgOfCase(k);
				const addr = `10.${(k >> 16) & 255}.${(k >> 8) & 255}.${k & 255}`;
				if (c) {
					const [procedure, detail] = CASE_PROCEDURES[kindOf[k]];
					const worker = (flags[k] & 1) === 1;
					const denied = (flags[k] & 2) === 2;
					run(ctx, 'audit_log', iso(at[k]), worker ? workerUsers[userOf[k]] : ctx.users[userOf[k]], denied ? null : worker ? 'agency_worker' : 'coordinator', worker ? ctx.agencies[agencyOf[k]].id : null, denied ? null : lmgIds[c.lmgIdx], procedure, c.id, denied ? 'denied' : 'allowed', denied ? 'NOT_FOUND' : detail, addr);
				} else {
					const [procedure, detail] = OTHER_PROCEDURES[kindOf[k]];
					run(ctx, 'audit_log', iso(at[k]), ctx.users[userOf[k]], null, null, null, procedure, null, 'allowed', detail, addr);
				}
			}
		})();
	}
}

// Run directly: tsx bench/generate.ts [10k|100k] [--force]
if (process.argv[1]?.endsWith('generate.ts')) {
	const size = (process.argv.find((a) => a === '10k' || a === '100k') ?? '10k') as DatasetSize;
	const { path, meta } = await ensureDataset(size, { force: process.argv.includes('--force') });
	console.log(path, JSON.stringify(meta.counts));
}
