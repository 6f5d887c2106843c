import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';
import type { EServiceDefinition, LocalizedText } from '@etjanst/schemas';

/** Row types of every table. Every row carries its municipality (tenant). */
export interface Database {
  municipalities: MunicipalityTable;
  departments: DepartmentTable;
  users: UserTable;
  eservices: EServiceTable;
  eservice_versions: EServiceVersionTable;
  submissions: SubmissionTable;
  receipt_counters: ReceiptCounterTable;
  audit_log: AuditLogTable;
}

type CreatedAt = ColumnType<Date, Date | undefined, never>;
type Json<T> = ColumnType<T, T, T>;

export interface MunicipalityTable {
  id: string;
  name: Json<LocalizedText>;
  receipt_prefix: string;
  created_at: CreatedAt;
}

export interface DepartmentTable {
  municipality_id: string;
  id: string;
  name: Json<LocalizedText>;
  created_at: CreatedAt;
}

export interface UserTable {
  id: Generated<string>;
  municipality_id: string;
  department_id: string | null;
  email: string;
  display_name: string;
  roles: string[];
  created_at: CreatedAt;
}

export interface EServiceTable {
  municipality_id: string;
  id: string;
  department_id: string;
  draft: Json<EServiceDefinition>;
  /** Increases on every draft save; clients send it back to detect concurrent edits. */
  revision: number;
  latest_version: number;
  published_version: number | null;
  published_revision: number | null;
  created_at: CreatedAt;
  updated_at: Date;
}

export interface EServiceVersionTable {
  municipality_id: string;
  eservice_id: string;
  version: number;
  definition: Json<EServiceDefinition>;
  draft_revision: number;
  published_at: CreatedAt;
  published_by: string;
}

export interface SubmissionTable {
  id: Generated<string>;
  municipality_id: string;
  eservice_id: string;
  version: number;
  receipt_number: string;
  answers: Json<unknown>;
  language: string;
  submitted_at: CreatedAt;
}

export interface ReceiptCounterTable {
  municipality_id: string;
  year: number;
  last_number: number;
}

export interface AuditLogTable {
  id: Generated<string>;
  municipality_id: string;
  occurred_at: CreatedAt;
  actor: string;
  action: string;
  subject_type: string;
  subject_id: string;
  details: Json<Record<string, unknown>>;
}

export type EServiceRow = Selectable<EServiceTable>;
export type EServiceVersionRow = Selectable<EServiceVersionTable>;
export type SubmissionRow = Selectable<SubmissionTable>;
export type NewAuditEntry = Insertable<AuditLogTable>;
