// Sample API records for tests, typed by the generated schema.
import type { Card, Dashboard, Dataset, DatasetColumn, User } from '../api/types';

export function aUser(overrides: Partial<User> = {}): User {
  return {
    userId: 'u-admin',
    email: 'admin@example.com',
    name: 'Admin',
    role: 'admin',
    disabled: false,
    createdAt: Date.UTC(2026, 0, 5),
    updatedAt: Date.UTC(2026, 0, 5),
    version: 1,
    ...overrides,
  };
}

export function aColumn(overrides: Partial<DatasetColumn> = {}): DatasetColumn {
  return {
    name: 'amount',
    type: 'int64',
    nullable: false,
    nullCount: 0,
    distinctEstimate: 3,
    min: 1,
    max: 3,
    ...overrides,
  };
}

export function aDataset(overrides: Partial<Dataset> = {}): Dataset {
  return {
    datasetId: 'ds-1',
    name: '売上',
    description: '',
    ownerId: 'u-admin',
    schema: [
      aColumn({ name: '地域', type: 'string', min: '東京', max: '大阪', distinctEstimate: 2 }),
      aColumn({ name: '数量' }),
    ],
    rowCount: 1234567,
    sourceBytes: 1536,
    storedBytes: 2048,
    sourceEncoding: 'cp932',
    delimiter: ',',
    dataVersion: 1,
    version: 1,
    createdAt: Date.UTC(2026, 10, 1, 9, 30),
    updatedAt: Date.UTC(2026, 10, 2, 9, 30),
    ...overrides,
  };
}

/** A JSON answer as fetch would give it. */
export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}) {
  return new Response(status === 204 ? null : JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json', ...headers },
  });
}

/** The API's error body. */
export function errorBody(code: string, message: string, details: unknown = null) {
  return { error: { code, message, details }, requestId: 'req-1' };
}

export function aCard(overrides: Partial<Card> = {}): Card {
  return {
    cardId: 'c-1',
    title: '地域別売上',
    description: '',
    datasetId: 'ds-1',
    extraDatasets: {},
    code: 'x = 1\ny = df["nope"]\ndf.head()',
    display: {},
    ownerId: 'u-admin',
    readOnly: false,
    createdAt: Date.UTC(2026, 10, 1, 9, 30),
    updatedAt: Date.UTC(2026, 10, 2, 9, 30),
    version: 1,
    ...overrides,
  };
}

export function aDashboard(overrides: Partial<Dashboard> = {}): Dashboard {
  return {
    dashboardId: 'd-1',
    title: '売上ダッシュボード',
    description: '',
    layout: [
      { cardId: 'c-1', x: 0, y: 0, w: 6, h: 4 },
      { cardId: 'c-2', x: 6, y: 0, w: 6, h: 4 },
    ],
    filters: [],
    ownerId: 'u-admin',
    permission: 'owner',
    createdAt: Date.UTC(2026, 10, 1),
    updatedAt: Date.UTC(2026, 10, 3, 9, 30),
    version: 1,
    ...overrides,
  };
}
