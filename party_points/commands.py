"""Bench commands of the app: ``bench --site S party-points make-demo [--drop]``."""

import click
from frappe.commands import get_site, pass_context


@click.group("party-points")
def party_points() -> None:
	"""party_points (党员积分制管理) tools."""


@party_points.command("make-demo")
@click.option("--drop", is_flag=True, help="Remove the demo organisation, exactly what make-demo made.")
@click.option(
	"--size",
	type=int,
	default=None,
	help="How many Party Members (default 60, at least 24).",
	show_default=False,
)
@click.option("--password", default=None, help="The password of every demo login (default PartyPoints@2026).")
@pass_context
def make_demo(context, drop: bool = False, size: int | None = None, password: str | None = None) -> None:
	"""Create a demo organisation to try the app (demo data only: never on a site people use).

	A Party Committee, three branches with groups, officers and members with logins, and the current year's
	quarters played through the app's documents and workflows. It refuses to run twice; --drop removes it.
	"""
	import frappe

	from party_points import demo

	site = get_site(context)
	frappe.init(site=site)
	frappe.connect()
	try:
		frappe.set_user("Administrator")
		if drop:
			started = demo.seconds()
			removed = demo.drop_demo(log=click.echo)
			frappe.db.commit()
			click.echo(
				f"Removed the demo organisation from {site} in {demo.seconds() - started:.1f} s "
				f"({sum(removed.values())} rows in {len(removed)} tables)."
			)
			return
		click.secho(
			"Making the party_points demo organisation: fictitious data for trying the app only.", fg="yellow"
		)
		summary = demo.make_demo(
			size=size or demo.DEFAULT_SIZE, password=password or demo.DEFAULT_PASSWORD, log=click.echo
		)
		frappe.db.commit()
		print_summary(site, summary)
	except (demo.DemoExistsError, demo.NoDemoError, demo.DemoSizeError, demo.DemoStepError) as error:
		frappe.db.rollback()
		click.secho(str(error), fg="red", err=True)
		raise SystemExit(1) from None
	except Exception:
		frappe.db.rollback()
		raise
	finally:
		frappe.destroy()


def print_summary(site: str, summary: dict) -> None:
	counts = summary["counts"]
	click.echo(
		f"\nMade in {summary['timings']['total']:.1f} s: "
		f"{counts.get('Party Organization', 0)} organisations, {counts.get('Party Member', 0)} members, "
		f"{counts.get('Party Activity', 0)} activities, {counts.get('Quantification Sheet', 0)} sheets, "
		f"{counts.get('Quarterly Application', 0)} applications, {counts.get('Reward Claim', 0)} reward claims, "
		f"{counts.get('Points Ledger Entry', 0)} ledger entries, {counts.get('Member Score', 0)} scores."
	)
	click.echo("Periods: " + ", ".join(f"{name} {stage}" for name, stage in summary["periods"].items()))
	click.echo(f"\nDemo logins (for trying only), every one with the password: {summary['password']}")
	width = max(len(login["user"]) for login in summary["logins"])
	for login in summary["logins"]:
		roles = ", ".join(r for r in login["roles"] if r != "Party Member") or "Party Member"
		title = f" ({login['title']})" if login["title"] else ""
		click.echo(f"  {login['user']:<{width}}  {login['name']}{title}, {login['branch']}: {roles}")
	click.secho(
		f"\nThis is demo data for trying party_points only. Remove it with: "
		f"bench --site {site} party-points make-demo --drop",
		fg="yellow",
	)


commands = [party_points]
