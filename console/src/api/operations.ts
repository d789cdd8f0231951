import { graphql } from '../gql';

/** Every operation the console sends, typed from the schema by `graphql-codegen` (console/codegen.yml). */

export const ViewerQuery = graphql(`
  query Viewer {
    viewer {
      id
      role
      agencyId
      apiKeyId
      developmentSignIn
      agency {
        id
        name
      }
    }
  }
`);

export const IssueDevelopmentToken = graphql(`
  mutation IssueDevelopmentToken($input: DevelopmentTokenInput!) {
    issueDevelopmentToken(input: $input) {
      token
      expiresAt
    }
  }
`);

export const ReportFields = graphql(`
  fragment ReportFields on ReportView {
    id
    trackingId
    status
    kind
    title
    description
    category
    channel
    anonymous
    confidential
    agencyId
    unitId
    followUps
    disputed
    closedReason
    rating
    submittedAt
    version
    allowedActions
    location {
      regionCode
      address
    }
    attachments {
      name
      url
    }
    deadlines {
      kind
      dueAt
      missed
      workingDaysLeft
    }
    agency {
      id
      name
    }
    importedFrom {
      source
      originalId
    }
  }
`);

export const ReportQuery = graphql(`
  query Report($trackingId: String!) {
    report(trackingId: $trackingId) {
      ...ReportFields
    }
  }
`);

export const TimelineQuery = graphql(`
  query Timeline($trackingId: String!, $minPosition: String) {
    reportTimeline(trackingId: $trackingId, minPosition: $minPosition) {
      version
      position
      occurredAt
      actorRole
      eventType
      fromStatus
      toStatus
      descriptionId
      descriptionEn
      importedFrom
    }
  }
`);

export const ReportUpdated = graphql(`
  subscription ReportUpdated($trackingId: String!, $afterPosition: String) {
    reportUpdated(trackingId: $trackingId, afterPosition: $afterPosition) {
      ...ReportFields
      position
    }
  }
`);

export const ReportPage = graphql(`
  fragment ReportPage on ReportConnection {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    edges {
      node {
        ...ReportFields
      }
    }
  }
`);

export const ReportsQuery = graphql(`
  query Reports($filter: ReportFilter, $orderBy: ReportOrder, $first: Int!, $after: String, $minPosition: String) {
    reports(filter: $filter, orderBy: $orderBy, first: $first, after: $after, minPosition: $minPosition) {
      ...ReportPage
    }
  }
`);

export const InboxQuery = graphql(`
  query Inbox($agencyId: String!, $first: Int!, $after: String) {
    agencyInbox(agencyId: $agencyId, first: $first, after: $after) {
      ...ReportPage
    }
  }
`);

export const InboxChanged = graphql(`
  subscription InboxChanged($agencyId: String!) {
    agencyInboxChanged(agencyId: $agencyId) {
      trackingId
    }
  }
`);

export const CategoriesQuery = graphql(`
  query Categories {
    categories {
      code
      name
      parentCode
    }
  }
`);

export const AgenciesQuery = graphql(`
  query Agencies($filter: AgencyDirectoryFilter, $first: Int!, $after: String) {
    agencies(filter: $filter, first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          name
          type
          regionCode
          connected
          units {
            id
            name
          }
        }
      }
    }
  }
`);

export const DashboardQuery = graphql(`
  query Dashboard(
    $from: Date!
    $to: Date!
    $interval: TrendInterval!
    $regionCode: String
    $agencyType: AgencyType
    $ranking: RankingFilter
    $counts: ReportFilter
    $year: Int!
    $orderBy: RankingOrder!
    $after: String
  ) {
    performanceSummary(from: $from, to: $to, filter: $ranking) {
      agencies
      received
      resolved
      inProgress
      notFollowedUp
      followUpRate
      resolutionRate
      slaCompliance
      averageSatisfaction
    }
    reportTrend(
      from: $from
      to: $to
      interval: $interval
      filter: { regionCode: $regionCode, agencyType: $agencyType }
    ) {
      period
      submitted
      dispositioned
      resolved
    }
    reportCounts(filter: $counts) {
      total
      overdue
      byStatus {
        value
        count
      }
    }
    topicStatistics(from: $from, to: $to, regionCode: $regionCode, agencyType: $agencyType, top: 5) {
      category
      categoryName
      reports
    }
    agencyRanking(from: $from, to: $to, filter: $ranking, orderBy: $orderBy, first: 10, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          rank
          agencyId
          name
          type
          received
          followUpRate
          resolutionRate
          slaCompliance
          averageSatisfaction
        }
      }
    }
    connectivitySummary(year: $year) {
      year
      byType {
        type
        connected
        newlyConnected
      }
      total {
        connected
        newlyConnected
      }
    }
  }
`);

export const HistoryQuery = graphql(`
  query History($trackingId: String!) {
    reportHistory(trackingId: $trackingId) {
      streamVersion
      globalPosition
      type
      actorRole
      actorId
      occurredAt
      recordedAt
      hash
    }
    verifyReport(trackingId: $trackingId) {
      ok
      version
      reason
    }
  }
`);

export const ReportAtQuery = graphql(`
  query ReportAt($trackingId: String!, $version: Int, $asOf: DateTime) {
    reportAt(trackingId: $trackingId, version: $version, asOf: $asOf) {
      ...ReportFields
    }
  }
`);

export const AuditBundleQuery = graphql(`
  query AuditBundle($trackingId: String!) {
    auditBundle(trackingId: $trackingId)
  }
`);

export const SubmitReport = graphql(`
  mutation SubmitReport($input: SubmitReportInput!) {
    submitReport(input: $input) {
      report {
        trackingId
      }
    }
  }
`);

export const Acted = graphql(`
  fragment Acted on ReportMutationResult {
    report {
      ...ReportFields
    }
    position
  }
`);

export const VerifyReport = graphql(`
  mutation VerifyReport($input: VerifyReportInput!) {
    verifyReport(input: $input) {
      ...Acted
    }
  }
`);

export const RequestClarification = graphql(`
  mutation RequestClarification($input: RequestClarificationInput!) {
    requestClarification(input: $input) {
      ...Acted
    }
  }
`);

export const ProvideClarification = graphql(`
  mutation ProvideClarification($input: ProvideClarificationInput!) {
    provideClarification(input: $input) {
      ...Acted
    }
  }
`);

export const RejectReport = graphql(`
  mutation RejectReport($input: RejectReportInput!) {
    rejectReport(input: $input) {
      ...Acted
    }
  }
`);

export const DispositionReport = graphql(`
  mutation DispositionReport($input: RouteReportInput!) {
    dispositionReport(input: $input) {
      ...Acted
    }
  }
`);

export const ForwardReport = graphql(`
  mutation ForwardReport($input: RouteReportInput!) {
    forwardReport(input: $input) {
      ...Acted
    }
  }
`);

export const DeclineDisposition = graphql(`
  mutation DeclineDisposition($input: ReasonInput!) {
    declineDisposition(input: $input) {
      ...Acted
    }
  }
`);

export const StartFollowUp = graphql(`
  mutation StartFollowUp($input: ReportRefInput!) {
    startFollowUp(input: $input) {
      ...Acted
    }
  }
`);

export const PostFollowUp = graphql(`
  mutation PostFollowUp($input: MessageInput!) {
    postFollowUp(input: $input) {
      ...Acted
    }
  }
`);

export const ResolveReport = graphql(`
  mutation ResolveReport($input: MessageInput!) {
    resolveReport(input: $input) {
      ...Acted
    }
  }
`);

export const AddInternalNote = graphql(`
  mutation AddInternalNote($input: InternalNoteInput!) {
    addInternalNote(input: $input) {
      ...Acted
    }
  }
`);

export const AcceptResolution = graphql(`
  mutation AcceptResolution($input: AcceptResolutionInput!) {
    acceptResolution(input: $input) {
      ...Acted
    }
  }
`);

export const DisputeResolution = graphql(`
  mutation DisputeResolution($input: ReasonInput!) {
    disputeResolution(input: $input) {
      ...Acted
    }
  }
`);

export const ReopenReport = graphql(`
  mutation ReopenReport($input: OptionalReasonInput!) {
    reopenReport(input: $input) {
      ...Acted
    }
  }
`);

export const EscalateToOmbudsman = graphql(`
  mutation EscalateToOmbudsman($input: EscalateInput!) {
    escalateToOmbudsman(input: $input) {
      ...Acted
    }
  }
`);

export const RecordOmbudsmanFinding = graphql(`
  mutation RecordOmbudsmanFinding($input: OmbudsmanFindingInput!) {
    recordOmbudsmanFinding(input: $input) {
      ...Acted
    }
  }
`);
