from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from forum import queries
from forum.communities import bp
from forum.forms import ActionForm
from forum.services import communities as community_service


@bp.route("/")
def home():
    page = queries.latest_topics(current_user, queries.clamp_page(request.args.get("page")))
    return render_template(
        "communities/home.html",
        communities=queries.communities_with_topic_counts(current_user),
        categories=queries.categories(),
        topics=page,
    )


@bp.route("/communities/<slug>")
def show(slug):
    community = queries.community_by_slug(current_user, slug) or abort(404)
    category = None
    if request.args.get("category"):
        category = queries.category_by_slug(request.args["category"]) or abort(404)
    page = queries.community_topics(
        current_user, community, category=category, page=queries.clamp_page(request.args.get("page"))
    )
    return render_template(
        "communities/show.html", community=community, category=category,
        categories=queries.categories(), topics=page, action_form=ActionForm(),
    )


@bp.route("/categories/<slug>")
def category(slug):
    category = queries.category_by_slug(slug) or abort(404)
    page = queries.category_topics(current_user, category, queries.clamp_page(request.args.get("page")))
    return render_template("communities/category.html", category=category,
                           categories=queries.categories(), topics=page)


@bp.route("/communities/<slug>/join", methods=["POST"])
@login_required
def join(slug):
    community = queries.community_by_slug(current_user, slug) or abort(404)
    if ActionForm().validate_on_submit():
        community_service.join_community(current_user, community)
        flash(_("You are now a member of %(name)s.", name=community.name), "success")
    return redirect(url_for("communities.show", slug=community.slug))


@bp.route("/communities/<slug>/leave", methods=["POST"])
@login_required
def leave(slug):
    community = queries.community_by_slug(current_user, slug) or abort(404)
    if ActionForm().validate_on_submit():
        community_service.leave_community(current_user, community)
        flash(_("You left %(name)s.", name=community.name), "success")
    return redirect(url_for("communities.home"))
