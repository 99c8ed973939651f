from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from forum import queries
from forum.communities import bp
from forum.forms import ActionForm
from forum.services import communities as community_service
from forum.services import moderation
from forum.services import reading


LISTS = {"latest": queries.latest_topics, "unread": queries.unread_topics, "new": queries.new_topics}


def _topic_list_page(name):
    page = LISTS[name](current_user, queries.clamp_page(request.args.get("page")))
    counts = None
    if current_user.is_authenticated:
        counts = {"unread": queries.count_unread(current_user), "new": queries.count_new(current_user)}
    return render_template(
        "communities/home.html", list_name=name, counts=counts, topics=page,
        communities=queries.communities_with_topic_counts(current_user),
        categories=queries.categories(), action_form=ActionForm(),
    )


@bp.route("/")
def home():
    return _topic_list_page("latest")


@bp.route("/latest")
def latest():
    return _topic_list_page("latest")


@bp.route("/unread")
@login_required
def unread():
    return _topic_list_page("unread")


@bp.route("/new")
@login_required
def new():
    return _topic_list_page("new")


@bp.route("/<any(unread, new):name>/dismiss", methods=["POST"])
@login_required
def dismiss(name):
    if name == "new":
        reading.dismiss_new(current_user)
        flash(_("New topics dismissed."), "success")
    else:
        reading.dismiss_unread(current_user)
        flash(_("All topics marked read."), "success")
    return redirect(url_for(f"communities.{name}"))


@bp.route("/communities/<slug>")
def show(slug):
    community = queries.community_by_slug(current_user, slug) or abort(404)
    category = None
    if request.args.get("category"):
        category = queries.category_by_slug(request.args["category"]) or abort(404)
    page = queries.community_topics(current_user, community, category=category, status=request.args.get("status"),
                                    page=queries.clamp_page(request.args.get("page")))
    level = reading.community_level(current_user, community)
    return render_template(
        "communities/show.html", community=community, category=category,
        categories=queries.categories(), topics=page, action_form=ActionForm(), level=level,
    )


@bp.route("/categories/<slug>")
def category(slug):
    category = queries.category_by_slug(slug) or abort(404)
    page = queries.category_topics(current_user, category, status=request.args.get("status"),
                                   page=queries.clamp_page(request.args.get("page")))
    return render_template("communities/category.html", category=category,
                           categories=queries.categories(), topics=page)


@bp.route("/communities/<slug>/join", methods=["POST"])
@login_required
def join(slug):
    community = queries.community_by_slug(current_user, slug) or abort(404)
    community_service.join_community(current_user, community)
    flash(_("You are now a member of %(name)s.", name=community.name), "success")
    return redirect(url_for("communities.show", slug=community.slug))


@bp.route("/communities/<slug>/leave", methods=["POST"])
@login_required
def leave(slug):
    community = queries.community_by_slug(current_user, slug) or abort(404)
    community_service.leave_community(current_user, community)
    flash(_("You left %(name)s.", name=community.name), "success")
    return redirect(url_for("communities.home"))


@bp.route("/communities/<slug>/settings", methods=["POST"])
@login_required
def settings(slug):
    """The coordinators' settings of their community (staff's too)."""
    community = queries.community_by_slug(current_user, slug) or abort(404)
    moderation.set_anonymous_posts(current_user, community, request.form.get("anonymous_posts") == "1")
    flash(_("Saved. The change is in the staff log."), "success")
    return redirect(url_for("communities.show", slug=community.slug))


@bp.route("/communities/<slug>/level", methods=["POST"])
@login_required
def set_level(slug):
    community = queries.community_by_slug(current_user, slug) or abort(404)
    reading.set_community_level(current_user, community, request.form.get("level"))
    return redirect(url_for("communities.show", slug=community.slug))
