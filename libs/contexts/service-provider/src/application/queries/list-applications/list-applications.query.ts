export class ListApplicationsQuery {
  constructor(readonly status?: 'pending' | 'approved' | 'rejected') {}
}
