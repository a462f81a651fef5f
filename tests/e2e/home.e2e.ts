import { expect, test } from './fixtures';
import { DEMO_PASSWORD, demo } from './demo-accounts';
import { HomePage, LoginPage } from './pages';

test.describe('on a phone-sized screen', () => {
	test.use({ viewport: { width: 375, height: 800 } });

	test('the coordinator’s home fits without sideways scrolling, and Sign out is in reach', async ({ page }) => {
		const login = new LoginPage(page);
		await login.goto();
		await login.signIn(demo.coordinatorNorth.email, DEMO_PASSWORD);
		const home = new HomePage(page);
		await home.expectShownFor(demo.coordinatorNorth.firstName);
		await expect(home.sectionHeading(demo.coordinatorNorth.homeSection)).toBeVisible();

		const scrollWidth = await page.evaluate(() => document.scrollingElement!.scrollWidth);
		expect(scrollWidth, 'page width in CSS pixels at a 375 px viewport').toBeLessThanOrEqual(375);
		await expect(home.signOutButton).toBeVisible();
		await expect(home.signOutButton).toBeInViewport();
		await expect(home.navigationLinks()).toHaveText(['Home', 'Referrals', 'Cases', 'Protocol', 'Reports', 'Notifications']);
	});
});
