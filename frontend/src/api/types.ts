// Names for the API's schemas, all taken from the generated schema.gen.ts (docs/openapi.yaml):
// nothing here is written by hand.
import type { components } from './schema.gen';

type Schemas = components['schemas'];

export type User = Schemas['User'];
export type LoginResponse = Schemas['LoginResponse'];
export type Dataset = Schemas['Dataset'];
export type DatasetColumn = Schemas['DatasetColumn'];
export type ColumnType = Schemas['ColumnType'];
export type DatasetPage = Schemas['DatasetPage'];
export type DatasetPreview = Schemas['DatasetPreview'];
export type CellValue = Schemas['CellValue'];
export type ImportFields = Schemas['ImportFields'];
export type DatasetUpload = Schemas['DatasetUpload'];
export type DatasetReplace = Schemas['DatasetReplace'];
export type ErrorBody = Schemas['Error'];
export type ErrorCode = Schemas['ErrorCode'];
export type ImportErrorDetails = Schemas['ImportErrorDetails'];
export type Card = Schemas['Card'];
export type CardCreate = Schemas['CardCreate'];
export type CardPatch = Schemas['CardPatch'];
export type DisplayOptions = Schemas['DisplayOptions'];
export type CardRunResult = Schemas['CardRunResult'];
export type CardResult = Schemas['CardResult'];
export type TableResult = Schemas['TableResult'];
export type PlotlyResult = Schemas['PlotlyResult'];
export type ImageResult = Schemas['ImageResult'];
export type KpiResult = Schemas['KpiResult'];
export type MarkdownResult = Schemas['MarkdownResult'];
export type JsonResult = Schemas['JsonResult'];
export type CardErrorDetails = Schemas['CardErrorDetails'];
export type Dashboard = Schemas['Dashboard'];
export type DashboardPermission = Schemas['Permission'];
export type DashboardPatch = Schemas['DashboardPatch'];
export type LayoutItem = Schemas['LayoutItem'];
export type DashboardRunResult = Schemas['DashboardRunResult'];
export type DashboardFilter = Schemas['DashboardFilter'];
export type FilterKind = Schemas['FilterKind'];
export type FilterValue = Schemas['FilterValue'];
export type FilterValues = Schemas['FilterValues'];
export type FilterChoices = Schemas['FilterChoices'];
export type DashboardCardSuccess = Schemas['DashboardCardSuccess'];
export type DashboardCardFailure = Schemas['DashboardCardFailure'];
export type FilterView = Schemas['FilterView'];
export type FilterViewCreate = Schemas['FilterViewCreate'];
export type FilterViewPatch = Schemas['FilterViewPatch'];
