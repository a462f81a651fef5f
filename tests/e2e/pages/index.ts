export { AdminOrganisationPage } from './AdminOrganisationPage';
export { AdminUsersPage } from './AdminUsersPage';
export { HomePage } from './HomePage';
export { LoginPage } from './LoginPage';
export { NewUserPage } from './NewUserPage';
