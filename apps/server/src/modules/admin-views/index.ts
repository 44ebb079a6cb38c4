// The admin-views module's public door: the admin menu's conversation lists, Info and transcript email (seed 004).
export { adminViewRoutes } from './routes';
