"""A labelled corpus of drafted messages for the message checker: the ground truth its rules are measured against.

Why a corpus and not only unit tests: a rule that passes its own examples can still miss how people
really write ("that's on me", "Apologies, Outlook sent my draft"). Each message is labelled with what
a careful human reader finds in it, decided when the message was written and never changed to suit
the regexes; the tests and ``benchmarks/message_checker.py`` report precision and recall per finding.

Each entry: ``text``; ``case`` ("spam": a bulk send to a bought list of 10,000 promoting a
teleclass; "attachment": last year's numbers attached to this year's client report; "premature": a
half-written email sent to an important client); ``label`` ("good", "bad" or "borderline", the
message as a whole); ``components`` and ``red_flags``, the ids a careful reader finds.

How the labels were decided (Lewicki, Polin & Lount 2016 for the components):

- acknowledgment: the writer says in the first person that they did it, or that it was their fault
  or responsibility ("I sent", "my error", "that's on me", "I should have checked"). A passive
  report ("the wrong file was attached") or a denial ("it wasn't my fault") is not one.
- regret: an apology word or feeling is expressed ("sorry", "apologies", "I regret", "I feel
  awful"), whatever its quality: a conditional "sorry if" or a "sorry, but" still expresses regret,
  and its defect is labelled as a red flag. "Please accept my apologies" is the conventional way of
  saying "I apologise", so it is regret, not a request for forgiveness.
- explanation: the message says how or why it happened, deflecting or not ("I reused last year's
  folder", "the list seller assured me everyone had opted in", "from a list I bought").
- repentance: a statement that it will not happen again or of a change made to prevent it.
- repair: something done or offered to put it right for the reader (the corrected file, removal
  from the list, a call, "let me know if ...").
- forgiveness: the writer asks for forgiveness or for the apology to be accepted ("please forgive",
  "I hope you'll accept my apology"); "I don't expect you to forgive me" asks nothing.
- blame: the mistake is put (partly) on someone or something else (a seller, an assistant, IT, the
  software, a colleague, "nobody told me"); a denial that it was theirs ("it wasn't the system") is not.
- excuse_but: an apology followed by "but" and an excuse. "No excuse, but here is what I changed"
  and "sorry not only for X but for Y" are not.
- minimising: playing down the scale or seriousness ("only a few", "no big deal", "lol").
- conditional: the apology is made conditional on harm or its hearers ("sorry if", "to anyone who
  was offended", "any inconvenience this may have caused").
- burden_shift: work or fault is pushed back onto the reader ("just unsubscribe", "you should have
  noticed", "you'll need to recall it yourselves"). A sender's "please ignore my previous email",
  followed by the complete one, is ordinary correction, not burden shifting.
- too_long: more than 200 words (counted as whitespace-separated tokens).

How it was used, so the figures can be read fairly: the patterns were developed against
``DEVELOPMENT``, whose figures are therefore optimistic. It grew in rounds: after the first 82
messages, a batch of 22 was written and held out, measured once, then used to generalise the
patterns; then a second held-out batch of 24, likewise. Recall on each batch when it was still
unseen (instances in brackets):

======================  ================  ================
finding                 held out 1 (22)   held out 2 (24)
======================  ================  ================
acknowledgment          0.91 (11)         0.88 (8)
repair                  0.71 (17)         0.65 (17)
regret                  1.00 (16)         1.00 (17)
explanation             0.50 (10)         0.83 (12)
repentance              0.89 (9)          0.43 (7)
forgiveness             1.00 (1)          1.00 (1)
blame                   0.00 (3)          0.20 (5)
excuse_but              1.00 (1)          1.00 (2)
minimising              0.00 (3)          0.33 (3)
conditional             0.00 (1)          0.50 (2)
burden_shift            0.00 (4)          0.33 (3)
======================  ================  ================

Phrase rules generalise poorly to new wording, most of all for the red flags, whose phrasings vary
most. ``HOLDOUT`` is the third batch, written and labelled after the second round of changes; the
patterns were not changed after seeing how they did on it, so its figures (printed separately by
``benchmarks/message_checker.py``) are the fairer estimate for new writing. ``CORPUS`` is all of them.
"""

from __future__ import annotations

from typing import Callable, Iterable

_WRITTEN_FIRST: list[dict] = [
    # ---------------------------------------------------------------- spam: bulk send to a bought list
    dict(
        case="spam",
        label="good",
        text="""Subject: An apology for yesterday's email

Dear Ms Patel,

Yesterday I emailed you about my teleclass although you had never signed up to hear from me. That was my \
mistake: I bought a list of 10,000 addresses and mailed it without checking that anyone had agreed to it. \
I'm sorry. I have removed your address from my list and deleted the bought list entirely, and you won't hear \
from me again. From now on I only write to people who have opted in themselves.

Sarah""",
        components={"acknowledgment", "explanation", "regret", "repair", "repentance"},
        red_flags=set(),
    ),
    dict(
        case="spam",
        label="good",
        text="""Hi,

I owe you an apology. Last Tuesday I sent a promotional email about my teleclass to 10,000 people, you \
among them, using a contact list I’d bought. You never asked for that, and it’s entirely my fault. I \
apologize. Your address is now deleted from all my records, and I’ve changed how I build my mailing list: \
only people who sign up on my site get email from me now. I hope you can forgive the intrusion.

Mark""",
        components={"acknowledgment", "explanation", "regret", "repair", "repentance", "forgiveness"},
        red_flags=set(),
    ),
    dict(
        case="spam",
        label="bad",
        text="I'm sorry, but the list seller assured me that everyone on it had opted in to hear about events "
        "like my teleclass. If you don't want these emails, just unsubscribe below.",
        components={"regret", "explanation"},
        red_flags={"excuse_but", "blame", "burden_shift"},
    ),
    dict(
        case="spam",
        label="bad",
        text="Sorry if anyone was offended by yesterday's teleclass email. It was just a small promotion and you "
        "can unsubscribe at any time.",
        components={"regret"},
        red_flags={"conditional", "minimising", "burden_shift"},
    ),
    dict(
        case="spam",
        label="bad",
        text="""To all recipients: the email you received about our teleclass was sent due to an error by our list \
vendor, who supplied contacts that had not opted in. We have raised this with the vendor. Feel free to \
ignore the message.""",
        components={"explanation"},
        red_flags={"blame", "burden_shift"},
    ),
    dict(
        case="spam",
        label="borderline",
        text="""Hello,

Apologies for the unexpected email yesterday about my teleclass. I used a purchased contact list, which I \
now understand was a bad idea. I've removed everyone on that list from my mailing system.

Best wishes,
Tom""",
        components={"regret", "acknowledgment", "explanation", "repair"},
        red_flags=set(),
    ),
    dict(
        case="spam",
        label="bad",
        text="Hi all, a quick note: a promotional email went out to a purchased list yesterday. Hardly anyone has "
        "complained, so no big deal, but we'll be more careful next time.",
        components={"explanation", "repentance"},
        red_flags={"minimising"},
    ),
    dict(
        case="spam",
        label="good",
        text="""Dear Mr Okafor,

You’re right to be annoyed. On Monday I sent you an invitation to my teleclass that you never asked for. I \
had bought a list of 10,000 contacts and wrongly assumed they had all agreed to be emailed. I take full \
responsibility for that and I’m sorry for the intrusion.

I’ve deleted your details and the entire list, and I’ve added a consent check to my sign-up process so it \
won’t happen again. If you’d like confirmation that your data is gone, just reply and I’ll send it.

Kind regards,
Helen Ward""",
        components={"acknowledgment", "explanation", "regret", "repair", "repentance"},
        red_flags=set(),
    ),
    dict(
        case="spam",
        label="bad",
        text="I don't see why people are so upset. You were on a list of professionals in your industry, so you "
        "should have expected to hear about events like this. You can unsubscribe with one click.",
        components=set(),
        red_flags={"burden_shift", "minimising"},
    ),
    dict(
        case="spam",
        label="borderline",
        text="Sorry for the spam yesterday – won't happen again.",
        components={"regret", "repentance"},
        red_flags=set(),
    ),
    dict(
        case="spam",
        label="good",
        text="""Hi Jenna,

I want to apologize for the teleclass email I sent you last week. I got a list of 10,000 names from a contact \
and emailed everyone on it without permission. That was wrong, and it was my decision, nobody else's.

I've taken your address off my list and deleted the rest of the purchased contacts. Going forward, I'm only \
emailing people who have opted in on my website.

Please accept my apologies,
Dana""",
        components={"acknowledgment", "regret", "explanation", "repair", "repentance"},
        red_flags=set(),
    ),
    dict(
        case="spam",
        label="bad",
        text="Apologies for the email about my teleclass. My assistant uploaded the wrong contact list to the "
        "mailing tool, and it went out before anyone noticed. I've asked her to double-check lists in future.",
        components={"regret", "explanation", "repentance"},
        red_flags={"blame"},
    ),
    dict(
        case="spam",
        label="bad",
        text="Hi, the system sent our teleclass invitation to an old imported list by mistake. We're sorry for any "
        "inconvenience this may have caused.",
        components={"explanation", "regret"},
        red_flags={"blame", "conditional"},
    ),
    dict(
        case="spam",
        label="good",
        text="Dear subscriber — or rather, dear person who never subscribed: this was not your fault, it was mine. "
        "I bought a mailing list and sent you a teleclass invitation. I’m sorry. Your address has been removed.",
        components={"acknowledgment", "explanation", "regret", "repair"},
        red_flags=set(),
    ),
    dict(
        case="spam",
        label="bad",
        text="Just a heads-up that a minor mix-up with our mailing list meant some of you got a teleclass invite "
        "you didn't sign up for. Simply click unsubscribe at the bottom if you'd rather not hear from us.",
        components=set(),
        red_flags={"minimising", "burden_shift"},
    ),
    dict(
        case="spam",
        label="good",
        text="I'm sorry about my teleclass email. I emailed 10,000 people from a bought list, which was my mistake. "
        "You've been removed and won't hear from me again; I now only email people who opt in.",
        components={"acknowledgment", "regret", "explanation", "repair", "repentance"},
        red_flags=set(),
    ),
    dict(
        case="spam",
        label="bad",
        text="""Dear everyone,

I am writing to you today with a heavy heart, because I know that many of you were upset by the email I sent \
on Monday about my upcoming teleclass with a very well-known guest speaker. I want to explain the whole story \
so that you understand how it happened. A few weeks ago someone I met at a networking event offered me a list \
of 10,000 names in our industry, and I was thrilled, because I have been working so hard to grow my business \
and this felt like a real breakthrough. I did not stop to think about where the names had come from or whether \
any of you had agreed to hear from me. I was so excited about the joint venture and the teleclass that I just \
pressed send. Since then I have received hundreds of emails, some of them very hurtful, and I have barely \
slept. I feel awful. I have cried about it more than once, and my family has been very worried about me. I \
hope you can see that I never meant any harm and that I am a good person who made an honest error. I am so \
sorry. Please forgive me. If there is anything at all I can do, please tell me, because I really want to put \
this right with every one of you.

With love and sorrow,
Jenny""",
        components={"acknowledgment", "regret", "explanation", "repair", "forgiveness"},
        red_flags={"too_long"},
    ),
    dict(
        case="spam",
        label="borderline",
        text="""Dear Mr Brennan,

Thank you for your email, and you're absolutely right. I should never have sent you that teleclass \
promotion: your address came from a list I bought, and you hadn't agreed to hear from me. I have \
unsubscribed you and deleted your details. I'd be glad to call you if you'd like to talk it through.

Yours sincerely,
Priya Shah""",
        components={"acknowledgment", "explanation", "repair"},
        red_flags=set(),
    ),
    dict(
        case="spam",
        label="bad",
        text="I am so, so sorry. I feel absolutely terrible and I haven't slept. I can't believe I did something "
        "so stupid. Please, please forgive me.",
        components={"regret", "acknowledgment", "forgiveness"},
        red_flags=set(),
    ),
    dict(
        case="spam",
        label="bad",
        text="Hi, you received our teleclass invitation because you were on a list we bought from DataLeads, who "
        "told us every contact had opted in. They gave us bad data. You can unsubscribe at any time using the "
        "link below.",
        components={"explanation"},
        red_flags={"blame", "burden_shift"},
    ),
    dict(
        case="spam",
        label="borderline",
        text="My apologies — I shouldn't have emailed you. I've removed you from my list.",
        components={"regret", "acknowledgment", "repair"},
        red_flags=set(),
    ),
    dict(
        case="spam",
        label="good",
        text="""Dear all,

Yesterday I sent an email about my teleclass to 10,000 addresses from a list I had bought. That was a serious \
mistake and I'm truly sorry for it. What happened was simple: I was excited about the event and didn't stop to \
ask whether these people had agreed to hear from me.

Here's what I have done: every address from that list has been suppressed and the list itself deleted; anyone \
who replied to complain has had a personal reply. In future I'll only send to people who opted in, and I have \
set up double opt-in on my sign-up form.

Please forgive the intrusion.
Alex""",
        components={"acknowledgment", "regret", "explanation", "repair", "repentance", "forgiveness"},
        red_flags=set(),
    ),
    dict(
        case="spam",
        label="borderline",
        text="Please don't think this was the list seller's fault, or anyone else's. I bought the list, I sent the "
        "email, and I'm sorry.",
        components={"acknowledgment", "explanation", "regret"},
        red_flags=set(),
    ),
    dict(
        case="spam",
        label="borderline",
        text="It was my decision to buy the list and it was my mistake to mail it. I'm sorry. I've deleted it.",
        components={"acknowledgment", "explanation", "regret", "repair"},
        red_flags=set(),
    ),
    dict(
        case="spam",
        label="good",
        text="""Dear Ms Olsen,

I'm writing to apologise for the teleclass email you received from me on Monday. I sent it to a bought list of \
10,000 people, and that was entirely my responsibility. I have removed your address, deleted the list and \
written personally to anyone who replied to complain. From now on I'll only email people who have signed up \
themselves.

Regards,
Chris Lane""",
        components={"acknowledgment", "regret", "explanation", "repair", "repentance"},
        red_flags=set(),
    ),
    dict(
        case="spam",
        label="borderline",
        text="I know this was no minor slip: I sent 10,000 people an email they never asked for. I'm sorry, and I "
        "have removed every one of those addresses.",
        components={"acknowledgment", "regret", "repair"},
        red_flags=set(),
    ),
    dict(
        case="spam",
        label="bad",
        text="Hey folks, only 40 people out of 10,000 complained about yesterday's teleclass email, so most of you "
        "clearly didn't mind. If you're one of the 40, sorry if it bugged you!",
        components={"regret"},
        red_flags={"minimising", "conditional"},
    ),
    dict(
        case="spam",
        label="borderline",
        text="I'll be honest: I didn't check where the list came from before I emailed you about my teleclass. "
        "I'm sorry.",
        components={"acknowledgment", "explanation", "regret"},
        red_flags=set(),
    ),
    dict(
        case="spam",
        label="borderline",
        text="I don't expect you to forgive me, but I wanted you to know I've removed your address and deleted "
        "the list.",
        components={"repair"},
        red_flags=set(),
    ),
    dict(
        case="spam",
        label="good",
        text="""Dear Mr Lindqvist,

You shouldn't have to unsubscribe from something you never signed up for, so I've removed you myself. I sent \
my teleclass invitation to a list I had bought, and I regret it. That's on me. I've stopped using bought \
lists altogether, and it won't happen again.

Regards,
Paul""",
        components={"acknowledgment", "explanation", "regret", "repair", "repentance"},
        red_flags=set(),
    ),
    # ------------------------------------------------------ attachment: last year's numbers to a client
    dict(
        case="attachment",
        label="good",
        text="""Hi Laura,

I attached last year's figures to the Q3 report I sent you this morning – my mistake. I reused last year's \
folder and picked the wrong spreadsheet. Sorry for the confusion. The corrected report with this year's \
numbers is attached; please discard the earlier version. I've added a check of the date range to my sending \
routine so this won't happen again.

Best,
James""",
        components={"acknowledgment", "explanation", "regret", "repair", "repentance"},
        red_flags=set(),
    ),
    dict(
        case="attachment",
        label="bad",
        text="Oops, wrong file! Here's the right one.",
        components={"repair"},
        red_flags=set(),
    ),
    dict(
        case="attachment",
        label="bad",
        text="Oops, wrong file!",
        components=set(),
        red_flags=set(),
    ),
    dict(
        case="attachment",
        label="bad",
        text="Hi Mark, it seems IT migrated the shared drive over the weekend and the old version of the report got "
        "linked instead of the new one. Sorry, but these things happen with system changes. The right file should "
        "be in the folder now.",
        components={"explanation", "regret", "repair"},
        red_flags={"blame", "excuse_but", "minimising"},
    ),
    dict(
        case="attachment",
        label="good",
        text="""Dear Mr. Alvarez,

I need to correct the report I sent yesterday: I attached last year's revenue numbers instead of this year's. \
That's my error, and I apologize. It happened because I exported from the wrong year's tab in our workbook. \
Attached is the correct report, and I've double-checked every figure against the ledger. I'd be happy to walk \
your team through the numbers on a call this week. From now on, a colleague reviews every client report before \
it goes out.

Sincerely,
Rachel Kim""",
        components={"acknowledgment", "regret", "explanation", "repair", "repentance"},
        red_flags=set(),
    ),
    dict(
        case="attachment",
        label="borderline",
        text="Please find attached the correct version of the report. The previous one contained last year's "
        "figures.",
        components={"repair"},
        red_flags=set(),
    ),
    dict(
        case="attachment",
        label="bad",
        text="Hi Sam, small thing: the report I sent had last year's numbers in it. Only a few tables are "
        "affected, so it's not a big deal. Updated version attached.",
        components={"repair"},
        red_flags={"minimising"},
    ),
    dict(
        case="attachment",
        label="good",
        text="""Dear Fiona,

I’m sorry – the annual report I sent you on Friday had last year’s figures attached rather than this year’s. \
That was my error: I had both files open and picked the wrong one. I’ve attached the correct figures and \
marked the changes so you can see exactly what differs. I’ve also started naming files with the year first, \
so the two can’t be confused again.

I hope you’ll accept my apology.
Gareth""",
        components={"acknowledgment", "regret", "explanation", "repair", "repentance", "forgiveness"},
        red_flags=set(),
    ),
    dict(
        case="attachment",
        label="bad",
        text="Dear client, we apologise if the figures in Friday's report caused any confusion. An updated file "
        "is attached.",
        components={"regret", "repair"},
        red_flags={"conditional"},
    ),
    dict(
        case="attachment",
        label="bad",
        text="Hi Tom, the numbers in the report were last year's because the data vendor sent us an outdated "
        "extract. They gave me the wrong file and I didn't catch it. Correct version attached.",
        components={"explanation", "acknowledgment", "repair"},
        red_flags={"blame"},
    ),
    dict(
        case="attachment",
        label="good",
        text="Hi Priya — I sent you the report with last year's numbers attached. My mistake, and I'm sorry. Here "
        "is the right file. I'll double-check attachments against the report date from now on.",
        components={"acknowledgment", "regret", "repair", "repentance"},
        red_flags=set(),
    ),
    dict(
        case="attachment",
        label="borderline",
        text="Hi Ben, quick correction. When I put together this year's report I copied last year's workbook as a "
        "template and forgot to refresh the data link, so the attachment showed 2023's numbers. I've attached the "
        "refreshed version.",
        components={"acknowledgment", "explanation", "repair"},
        red_flags=set(),
    ),
    dict(
        case="attachment",
        label="bad",
        text="Hi, looks like the wrong attachment went out. You should have noticed the dates didn't match before "
        "sharing it with your board. Anyway, the right file is attached.",
        components={"repair"},
        red_flags={"burden_shift"},
    ),
    dict(
        case="attachment",
        label="good",
        text="""Dear Ms Chen,

The report I sent on Tuesday included last year's figures. I take full responsibility for this. I regret the \
confusion it will have caused, especially ahead of your board meeting. I have attached the correct figures, \
and I will call you this afternoon to go through the differences. To make sure this can't happen again, I've \
set up a checklist that I now complete before sending any client report.

With apologies,
David Morgan""",
        components={"acknowledgment", "regret", "repair", "repentance"},
        red_flags=set(),
    ),
    dict(
        case="attachment",
        label="bad",
        text="Hi Jo, just a small correction – the attachment yesterday was last year's. Sorry, but our templates "
        "look identical. New one attached.",
        components={"regret", "explanation", "repair"},
        red_flags={"minimising", "excuse_but"},
    ),
    dict(
        case="attachment",
        label="bad",
        text="I'm really sorry about the wrong figures in yesterday's report. I hope you can forgive me.",
        components={"regret", "forgiveness"},
        red_flags=set(),
    ),
    dict(
        case="attachment",
        label="good",
        text="""Hi Kevin,

I'm sorry — I sent you last year's numbers with this year's report. It wasn't the reporting system's fault; I \
picked the wrong export. The correct file is attached, and I've added a step to my checklist to confirm the \
fiscal year on every attachment before I hit send.

Thanks for flagging it so quickly,
Maria""",
        components={"acknowledgment", "regret", "explanation", "repair", "repentance"},
        red_flags=set(),
    ),
    dict(
        case="attachment",
        label="bad",
        text="""Hi Martin,

I wanted to reach out about the report we sent over on Friday. As you may have noticed, the attachment \
contained last year's figures rather than this year's. I want to give you some background on how this came \
about, because I think it is important context. Our finance team changed the folder structure on the shared \
drive in August, and since then the files for both years have been stored side by side with very similar \
names. On top of that, the export tool we use does not show the year in the file name by default, which is \
something we have raised with the vendor several times without any response. I was also covering for two \
colleagues who were on holiday that week, so I was handling three client accounts at once and working late \
most evenings. In those circumstances it is perhaps understandable that the older file was picked up. I have \
since spoken to the team about making the naming clearer, and we are looking at whether the export tool can \
be configured differently, although that depends on the vendor. In the meantime, please find attached the \
correct version of the report with this year's figures. I am sorry for any confusion this may have caused, \
and please do let me know if you have any questions at all about the numbers.

Best regards,
Sophie""",
        components={"explanation", "regret", "repair", "repentance"},
        red_flags={"too_long", "blame", "conditional"},
    ),
    dict(
        case="attachment",
        label="borderline",
        text="Hello Anna, I'm sorry for the mix-up with the figures. The version attached now has this year's "
        "numbers. Let me know if you have any questions.",
        components={"regret", "repair"},
        red_flags=set(),
    ),
    dict(
        case="attachment",
        label="bad",
        text="I apologise to anyone who was confused by the figures in our annual report: the wrong year's data "
        "was attached. A corrected copy is attached.",
        components={"regret", "repair"},
        red_flags={"conditional"},
    ),
    dict(
        case="attachment",
        label="good",
        text="Rob, please forgive the slip this morning: I attached last year's numbers to your report. I'm sorry. "
        "The right ones are attached here, and from now on I'll open every attachment before I send it to a client.",
        components={"forgiveness", "acknowledgment", "regret", "repair", "repentance"},
        red_flags=set(),
    ),
    dict(
        case="attachment",
        label="bad",
        text="Hi all, a version of the report with last year's figures went out by accident. If you've already "
        "forwarded it, you'll need to recall it yourselves — the final version will follow.",
        components={"repair"},
        red_flags={"burden_shift"},
    ),
    dict(
        case="attachment",
        label="borderline",
        text="Hi Omar, I should have checked the attachment before sending — the report had last year's numbers. "
        "Corrected copy attached.",
        components={"acknowledgment", "repair"},
        red_flags=set(),
    ),
    dict(
        case="attachment",
        label="bad",
        text="I want to be clear that sending last year's numbers wasn't my fault — the template was already "
        "filled in when I got it. Sorry for the hassle. Corrected report attached.",
        components={"explanation", "regret", "repair"},
        red_flags={"blame"},
    ),
    dict(
        case="attachment",
        label="borderline",
        text="I can't believe I did this. I sent you last year's report. Sorry!",
        components={"acknowledgment", "regret"},
        red_flags=set(),
    ),
    dict(
        case="attachment",
        label="bad",
        text="Our IT team pushed the wrong report to the client portal. Apologies. It's fixed now.",
        components={"explanation", "regret", "repair"},
        red_flags={"blame"},
    ),
    dict(
        case="attachment",
        label="borderline",
        text="You should have the corrected file in your inbox now; I'm sorry I sent the wrong year's figures first.",
        components={"acknowledgment", "regret", "repair"},
        red_flags=set(),
    ),
    dict(
        case="attachment",
        label="borderline",
        text="I'm sorry — I sent you last year's figures and there's no excuse for it, but I want you to know what "
        "I've changed: every client report now gets a second review before it goes out.",
        components={"regret", "acknowledgment", "repentance"},
        red_flags=set(),
    ),
    dict(
        case="attachment",
        label="good",
        text="I'm sorry not only for the wrong file but for the time you spent on it. I attached last year's "
        "numbers; that's my mistake. The right file is attached and I'll check dates before sending from now on.",
        components={"regret", "acknowledgment", "repair", "repentance"},
        red_flags=set(),
    ),
    dict(
        case="attachment",
        label="borderline",
        text="Even a minor error in a client report matters, and this one was mine: I attached last year's "
        "figures. I'm sorry. The corrected file is attached.",
        components={"acknowledgment", "regret", "repair"},
        red_flags=set(),
    ),
    dict(
        case="attachment",
        label="good",
        text="This wasn't a glitch in the system; I simply picked the wrong attachment. Apologies. Correct file "
        "attached, and I've added a check so it won't happen again.",
        components={"acknowledgment", "regret", "repair", "repentance"},
        red_flags=set(),
    ),
    # ---------------------------------------------------- premature: a half-written email to a client
    dict(
        case="premature",
        label="good",
        text="""Dear Ms Robinson,

Please ignore my previous email — I sent it before I had finished writing it, which was careless of me. I'm \
sorry for the confusion. I was drafting it between meetings and hit send by accident. The complete proposal \
is below, and I'm happy to go over it by phone whenever suits you. I've now turned on a 30-second send delay \
so I can catch this kind of slip in future.

Kind regards,
Nick""",
        components={"acknowledgment", "regret", "explanation", "repair", "repentance"},
        red_flags=set(),
    ),
    dict(
        case="premature",
        label="bad",
        text="Sorry, ignore that last one, hit send too early lol",
        components={"regret", "acknowledgment"},
        red_flags={"minimising"},
    ),
    dict(
        case="premature",
        label="good",
        text="""Hi David,

My apologies for the incomplete email you received from me a few minutes ago. I accidentally sent it while I \
was still writing it. That's on me. Here is the full message: [...]. I've also switched on Undo Send with a \
30-second delay so this doesn't happen again. Let me know if anything in the earlier draft caused confusion \
and I'll clear it up.

Best,
Lena""",
        components={"regret", "acknowledgment", "explanation", "repair", "repentance"},
        red_flags=set(),
    ),
    dict(
        case="premature",
        label="bad",
        text="Apologies, Outlook sent my draft before it was finished. The software has a habit of doing that. "
        "Full email to follow.",
        components={"regret", "explanation", "repair"},
        red_flags={"blame"},
    ),
    dict(
        case="premature",
        label="bad",
        text="Hi Claire, you may have got a half-finished email from me earlier. No harm done, I hope! The proper "
        "version is below.",
        components={"repair"},
        red_flags={"minimising"},
    ),
    dict(
        case="premature",
        label="good",
        text="""Dear Mr Hughes,

I’m sorry: a half-written version of my reply went to you this morning. The mistake was mine – I pressed send \
instead of save while drafting. The finished reply is below, and I’ll phone you at 3pm to answer any \
questions. I’ve since set my email to delay sending by a minute, which will stop this happening again.

I hope you can forgive the muddle.
Aisha""",
        components={"regret", "acknowledgment", "explanation", "repair", "repentance", "forgiveness"},
        red_flags=set(),
    ),
    dict(
        case="premature",
        label="bad",
        text="Hi, please just delete the last email, it wasn't finished.",
        components=set(),
        red_flags=set(),
    ),
    dict(
        case="premature",
        label="borderline",
        text="I'm so sorry about that, it was my fault. Full version coming shortly.",
        components={"regret", "acknowledgment", "repair"},
        red_flags=set(),
    ),
    dict(
        case="premature",
        label="bad",
        text="Hi Jason, sorry about the unfinished email — my colleague was using my laptop and must have hit "
        "send. I'll send the full version later.",
        components={"regret", "explanation", "repair"},
        red_flags={"blame"},
    ),
    dict(
        case="premature",
        label="good",
        text="Hi Megan — I'm sorry, I sent that last email before it was done. Completely my fault. The full "
        "version is below, and I'll set up a send delay so it won't happen again.",
        components={"regret", "acknowledgment", "repair", "repentance"},
        red_flags=set(),
    ),
    dict(
        case="premature",
        label="bad",
        text="I apologise but I was rushing between meetings and my phone sent the draft. Please treat it as not "
        "received.",
        components={"regret", "explanation"},
        red_flags={"excuse_but", "blame"},
    ),
    dict(
        case="premature",
        label="borderline",
        text="Hi Sophie, the message you got from me earlier was an unfinished draft; the complete version is "
        "below. Going forward I'll write client emails with the recipient field empty until they're ready.",
        components={"repair", "repentance"},
        red_flags=set(),
    ),
    dict(
        case="premature",
        label="good",
        text="""Dear Dr Nwosu,

This morning I sent you an email that I hadn't finished; I'm sorry for the confusion it caused. I should have \
kept the address field empty until the text was complete, and from now on I will. The full email follows \
below. If it would help, I can also call you tomorrow to talk through the proposal.

With my apologies,
Ian""",
        components={"acknowledgment", "regret", "repentance", "repair"},
        red_flags=set(),
    ),
    dict(
        case="premature",
        label="bad",
        text="Apologies if this caused any confusion — the earlier email was sent prematurely. Please see the "
        "complete text below.",
        components={"regret", "repair"},
        red_flags={"conditional"},
    ),
    dict(
        case="premature",
        label="borderline",
        text="""Dear Mr Tanaka,

I am so sorry. I am writing to apologise for the email you received from me about an hour ago, which was only \
half written and which I certainly did not intend to send in that state. I am really very sorry about this. I \
can only imagine what you must have thought when you opened it, and I feel terrible that an important client \
like you received something so unprofessional from our firm. To explain: I had started the reply this \
morning, then I was called into a meeting, then I came back and was answering other messages, and at some \
point I must have clicked send instead of saving the draft. I honestly do not know exactly how it happened. I \
have been going over it in my head ever since. I want to assure you that this is not how we usually work and \
that we take our relationship with you extremely seriously. It is very important to us. Once again, I \
apologise sincerely for the confusion, for the unfinished sentences and for taking up your time. I will send \
you the complete version of the email as soon as I have finished it, which should be by the end of today, and \
I really hope you will accept my apologies.

With sincere apologies,
Hannah""",
        components={"regret", "explanation", "acknowledgment", "repair", "forgiveness"},
        red_flags={"too_long"},
    ),
    dict(
        case="premature",
        label="bad",
        text="I doubt you even read it, so it's hardly worth mentioning, but the last email was a draft.",
        components=set(),
        red_flags={"minimising"},
    ),
    dict(
        case="premature",
        label="borderline",
        text="I'm so sorry — I was typing on my phone on the train and sent the email to you before it was "
        "finished.",
        components={"regret", "acknowledgment", "explanation"},
        red_flags=set(),
    ),
    dict(
        case="premature",
        label="good",
        text="""Dear Mrs Adeyemi,

Earlier today I sent you a half-written email about the contract renewal. I take responsibility for that and I \
apologise. I had started the draft with your address already filled in and sent it by mistake when I meant to \
save it. Please disregard the unfinished text; the complete email is below, and I would be glad to discuss any \
of it with you on a call at a time that suits you. I have changed how I work so this won't happen again: I now \
add the recipient only when a message is finished and reviewed. I hope you will accept my apology.

Yours sincerely,
Daniel Osei""",
        components={"acknowledgment", "regret", "explanation", "repair", "repentance", "forgiveness"},
        red_flags=set(),
    ),
    dict(
        case="premature",
        label="bad",
        text="The email was sent early because the CRM auto-sends drafts after an hour, which nobody told me "
        "about. I can resend the full version if you want.",
        components={"explanation", "repair"},
        red_flags={"blame"},
    ),
    dict(
        case="premature",
        label="bad",
        text="Oops, that went before I'd finished! Full version coming in five minutes.",
        components={"repair"},
        red_flags=set(),
    ),
    dict(
        case="premature",
        label="good",
        text="""Dear Mr Fischer,

Please accept my apologies for the unfinished email I sent you yesterday afternoon. It was my error: I was \
interrupted mid-sentence and sent it instead of saving it. The complete version is attached, and I will call \
you on Thursday as planned. I've since turned on a send delay so it doesn't recur.

Best regards,
Eva""",
        components={"regret", "acknowledgment", "explanation", "repair", "repentance"},
        red_flags=set(),
    ),
]

# The first held-out batch: measured once, then used for development (see the module docstring).
_FIRST_HOLDOUT: list[dict] = [
    dict(
        case="spam",
        label="good",
        text="""Dear Mr Ahmed,

I wanted to write to you personally about the teleclass email you got from me on Thursday. I had no right to \
send it: I'd been given a list of 10,000 industry contacts and mailed all of them without their consent. I'm \
genuinely sorry. I've wiped your address from every list I hold and you will not receive anything further \
from me. I've also stopped accepting contact lists from third parties.

Best regards,
Leila Haddad""",
        components={"acknowledgment", "explanation", "regret", "repair", "repentance"},
        red_flags=set(),
    ),
    dict(
        case="spam",
        label="bad",
        text="""Hello,

We understand some recipients were unhappy to receive our recent teleclass announcement. Our marketing \
partner provided the contact data. To stop receiving updates, click the unsubscribe link.""",
        components={"explanation"},
        red_flags={"blame", "burden_shift"},
    ),
    dict(
        case="spam",
        label="borderline",
        text="I messed up. I sent my teleclass promo to a list I shouldn't have used. Really sorry about that.",
        components={"acknowledgment", "explanation", "regret"},
        red_flags=set(),
    ),
    dict(
        case="spam",
        label="bad",
        text="Apologies to anybody who felt inconvenienced by one little email. It won't happen again.",
        components={"regret", "repentance"},
        red_flags={"conditional", "minimising"},
    ),
    dict(
        case="spam",
        label="good",
        text="""Hi Carlos,

You're right, and I'm sorry. I emailed you about my teleclass using a purchased list, and I shouldn't have. \
I've deleted the list and your contact info, and from here on out I'm only mailing people who signed up \
through my site. Thanks for telling me directly.

— Beth""",
        components={"acknowledgment", "regret", "explanation", "repair", "repentance"},
        red_flags=set(),
    ),
    dict(
        case="spam",
        label="bad",
        text="This was sent out by the agency we hired to promote the teleclass, not by me personally. I have "
        "asked them to remove you.",
        components={"explanation", "repair"},
        red_flags={"blame"},
    ),
    dict(
        case="spam",
        label="borderline",
        text="Please accept our sincere apologies for the unsolicited email about the teleclass. Your address has "
        "now been deleted from our database and you will not be contacted again.",
        components={"regret", "repair"},
        red_flags=set(),
    ),
    dict(
        case="attachment",
        label="good",
        text="""Hi Grace,

I've just realised the file I sent with this year's report was last year's spreadsheet. That one's on me — I \
grabbed it from the old folder. Apologies for the mix-up. The right spreadsheet is attached now, and I've \
archived last year's folder so it can't happen again. Happy to talk through anything on a quick call.

Tom""",
        components={"acknowledgment", "explanation", "regret", "repair", "repentance"},
        red_flags=set(),
    ),
    dict(
        case="attachment",
        label="bad",
        text="FYI the numbers in the attachment were slightly off (old data). Not a major issue. Fixed version "
        "attached.",
        components={"repair"},
        red_flags={"minimising"},
    ),
    dict(
        case="attachment",
        label="bad",
        text="Sorry about that, but to be fair the file names are almost identical and nobody on your side "
        "flagged it until today. Corrected version attached.",
        components={"regret", "explanation", "repair"},
        red_flags={"excuse_but", "burden_shift"},
    ),
    dict(
        case="attachment",
        label="good",
        text="""Dear Simon,

I must apologise: I sent you last year's figures with this year's report. The error was entirely mine. I'd \
saved both versions under the same name and opened the wrong one. Please find the correct figures attached. \
To make sure it doesn't happen again, I now put the year in every file name and check it before sending.

Kind regards,
Olivia""",
        components={"regret", "acknowledgment", "explanation", "repair", "repentance"},
        red_flags=set(),
    ),
    dict(
        case="attachment",
        label="borderline",
        text="Apologies — wrong year's numbers in that report. Corrected version to follow this afternoon.",
        components={"regret", "repair"},
        red_flags=set(),
    ),
    dict(
        case="attachment",
        label="bad",
        text="Please disregard the earlier attachment. As you'll appreciate, these mix-ups are fairly common at "
        "year end. You'll want to replace the figures in any copies you've circulated.",
        components=set(),
        red_flags={"minimising", "burden_shift"},
    ),
    dict(
        case="attachment",
        label="good",
        text="""Hi Dan,

I owe you a correction and an apology. I attached 2023's numbers to the 2024 report, and that's my mistake. \
I'm attaching the correct file now. I've also asked Priya to review client attachments with me before they \
go out, so we catch this kind of thing. Let me know if you'd like to go over the numbers together.""",
        components={"regret", "acknowledgment", "repair", "repentance"},
        red_flags=set(),
    ),
    dict(
        case="attachment",
        label="borderline",
        text="I'm embarrassed to say I attached the wrong file. The correct one is attached here.",
        components={"regret", "acknowledgment", "repair"},
        red_flags=set(),
    ),
    dict(
        case="premature",
        label="good",
        text="""Dear Ms Laurent,

My apologies: the email you received from me at 10:14 was an unfinished draft, sent by mistake as I was \
reorganising my inbox. That was careless of me. The complete message is below. I've since changed my settings \
so drafts can't be sent without a confirmation step. If anything in the partial draft was unclear, I'd be \
happy to explain.

With best regards,
Marc""",
        components={"regret", "explanation", "acknowledgment", "repair", "repentance"},
        red_flags=set(),
    ),
    dict(
        case="premature",
        label="bad",
        text="My bad, the previous message wasn't ready! Will resend when it's done.",
        components={"acknowledgment", "repair"},
        red_flags=set(),
    ),
    dict(
        case="premature",
        label="bad",
        text="Hi, the email I sent this morning was incomplete due to a bug in our email client. Our IT "
        "department are looking into it. Full text below.",
        components={"explanation", "repair"},
        red_flags={"blame"},
    ),
    dict(
        case="premature",
        label="borderline",
        text="Oh no — I'm so sorry, that was meant to be a draft! I'll send the finished version within the hour.",
        components={"regret", "repair"},
        red_flags=set(),
    ),
    dict(
        case="premature",
        label="good",
        text="Ms Kowalski — my apologies, I sent that before it was finished; that was my mistake. The full email "
        "is below. I've now set a one-minute send delay so it doesn't happen again.",
        components={"regret", "acknowledgment", "repair", "repentance"},
        red_flags=set(),
    ),
    dict(
        case="premature",
        label="bad",
        text="I'm sorry you received an incomplete email. If you had any questions about it, you should have "
        "called me before replying to the whole team.",
        components={"regret"},
        red_flags={"burden_shift"},
    ),
    dict(
        case="premature",
        label="good",
        text="""Dear Professor Ito,

Please forgive my premature email this morning — I hit send before I had finished, which was my error. The \
complete version follows. In future I will write to you offline first and paste the text in only when it is \
final. I'm sorry for the confusion.

Sincerely,
Ruth""",
        components={"forgiveness", "acknowledgment", "repair", "repentance", "regret"},
        red_flags=set(),
    ),
]


# The second held-out batch: measured once, then used for development (see the module docstring).
_SECOND_HOLDOUT: list[dict] = [
    dict(
        case="spam",
        label="good",
        text="""Dear Ms Novak,

I'm writing to say sorry for the email about my teleclass that landed in your inbox on Monday. You never opted \
in to hear from me; I bought a contact list, which I now know I should not have done. The responsibility is \
mine. I have taken you off my mailing list and destroyed the purchased data. From this week every new \
subscriber must confirm by email before I send them anything.

Warm regards,
Isabel""",
        components={"regret", "acknowledgment", "explanation", "repair", "repentance"},
        red_flags=set(),
    ),
    dict(
        case="spam",
        label="bad",
        text="Hi there! You're getting this because you're a leader in your field. If you'd prefer not to hear "
        "about our teleclass, no worries — hit reply with STOP.",
        components={"explanation"},
        red_flags={"burden_shift"},
    ),
    dict(
        case="spam",
        label="bad",
        text="We're sorry, but we purchased this list in good faith from a reputable broker. Recipients who do not "
        "wish to be contacted can opt out.",
        components={"regret", "explanation"},
        red_flags={"excuse_but", "burden_shift"},
    ),
    dict(
        case="spam",
        label="borderline",
        text="Sorry for the unwanted email about my teleclass. I've unsubscribed you.",
        components={"regret", "repair"},
        red_flags=set(),
    ),
    dict(
        case="spam",
        label="bad",
        text="Honestly, it was one email. I'm not sure why a few people are treating it like a crime, but I "
        "apologise anyway.",
        components={"regret"},
        red_flags={"minimising"},
    ),
    dict(
        case="spam",
        label="good",
        text="I'm sorry for spamming you. I bought a list of 10,000 addresses and emailed all of them, and that was "
        "wrong of me. You're off my list for good, and I won't be buying lists again.",
        components={"regret", "explanation", "acknowledgment", "repair", "repentance"},
        red_flags=set(),
    ),
    dict(
        case="spam",
        label="bad",
        text="Please note the teleclass invitation was distributed by a third-party marketing firm without our "
        "final approval. We are reviewing our relationship with them.",
        components={"explanation"},
        red_flags={"blame"},
    ),
    dict(
        case="spam",
        label="borderline",
        text="You didn't ask for my email about the teleclass and you shouldn't have received it. That mistake is "
        "mine, and I'm sorry.",
        components={"acknowledgment", "regret"},
        red_flags=set(),
    ),
    dict(
        case="spam",
        label="bad",
        text="It wasn't my intention to spam anyone. The list came from a partner who said everyone had agreed to "
        "be contacted. Still, I've removed everyone on it.",
        components={"explanation", "repair"},
        red_flags={"blame"},
    ),
    dict(
        case="attachment",
        label="good",
        text="""Hello Mr Brooks,

Apologies: the report I emailed yesterday had last year's figures in the appendix. I made the mistake when I \
copied the appendix over from the 2023 version without updating it. I've attached a corrected report with the \
2024 numbers highlighted. From now on, I'll compare every appendix with the current ledger before a report \
goes out, and I'm happy to go through the changes with your finance team.

Regards,
Nadia""",
        components={"regret", "acknowledgment", "explanation", "repair", "repentance"},
        red_flags=set(),
    ),
    dict(
        case="attachment",
        label="bad",
        text="Hi, just so you know there was a tiny error in the numbers I sent, nothing that changes the big "
        "picture. Revised file attached.",
        components={"repair"},
        red_flags={"minimising"},
    ),
    dict(
        case="attachment",
        label="bad",
        text="My apologies but the finance system exported the wrong period by default. Please use the attached "
        "file instead and delete the previous one from your records.",
        components={"regret", "explanation", "repair"},
        red_flags={"excuse_but", "blame"},
    ),
    dict(
        case="attachment",
        label="good",
        text="James, I sent last year's numbers by mistake. That's my fault and I'm sorry. Correct numbers "
        "attached; I'll be checking the year on every file before it goes to a client.",
        components={"acknowledgment", "regret", "repair", "repentance"},
        red_flags=set(),
    ),
    dict(
        case="attachment",
        label="borderline",
        text="I regret the error in yesterday's report. The figures have been updated in the attached version.",
        components={"regret", "repair"},
        red_flags=set(),
    ),
    dict(
        case="attachment",
        label="bad",
        text="You should have received the right file by now. If not, you'll have to check your spam folder, as "
        "our server has been flaky.",
        components={"repair"},
        red_flags={"burden_shift", "blame"},
    ),
    dict(
        case="attachment",
        label="good",
        text="""Dear Ms Yilmaz,

I attached last year's figures to your annual report, and I apologise for that. It happened because two files \
had almost identical names and I didn't check the dates. The corrected report is attached. If this has caused \
you any extra work, please let me know and I'll sort it out. I've renamed our templates so the year comes first.

Best,
Owen""",
        components={"acknowledgment", "regret", "explanation", "repair", "repentance"},
        red_flags=set(),
    ),
    dict(
        case="attachment",
        label="bad",
        text="To the extent that last year's figures caused any confusion, we regret that.",
        components={"regret"},
        red_flags={"conditional"},
    ),
    dict(
        case="premature",
        label="good",
        text="Hi Olu, apologies: I sent you that email before I'd finished it, which wasn't fair on you given how "
        "important this deal is. I was writing on my phone and tapped send instead of save. Here's the complete "
        "version. I'm switching to drafting client emails on my laptop only, so it won't happen again. Happy to "
        "chat if anything's unclear. Sam",
        components={"regret", "acknowledgment", "explanation", "repair", "repentance"},
        red_flags=set(),
    ),
    dict(
        case="premature",
        label="bad",
        text="That last email wasn't meant to go yet. Ignore it.",
        components=set(),
        red_flags=set(),
    ),
    dict(
        case="premature",
        label="bad",
        text="Sorry, our email system has been sending drafts randomly since the update. Full email to follow.",
        components={"regret", "explanation", "repair"},
        red_flags={"blame"},
    ),
    dict(
        case="premature",
        label="borderline",
        text="I owe you an apology for the half-finished message. I'll send the full proposal by 5pm today.",
        components={"regret", "repair"},
        red_flags=set(),
    ),
    dict(
        case="premature",
        label="good",
        text="""Dear Mr Svensson,

Earlier I sent you an unfinished draft of our proposal — entirely my mistake, and I'm sorry. I was interrupted \
while writing and pressed the wrong button. The finished proposal is attached. To stop this from happening \
again I've switched on a delay on outgoing mail. I hope you'll forgive the confusion.

Best regards,
Chloe""",
        components={"acknowledgment", "regret", "explanation", "repair", "repentance", "forgiveness"},
        red_flags=set(),
    ),
    dict(
        case="premature",
        label="bad",
        text="Hi Ken! You might have seen a draft from me pop up — no biggie, just ignore it, the real one is "
        "coming soon.",
        components={"repair"},
        red_flags={"minimising"},
    ),
    dict(
        case="premature",
        label="bad",
        text="The earlier email went out too soon, sorry if that caused any confusion. Complete text below.",
        components={"regret", "repair"},
        red_flags={"conditional"},
    ),
]

DEVELOPMENT: list[dict] = _WRITTEN_FIRST + _FIRST_HOLDOUT + _SECOND_HOLDOUT

# Written and labelled after the second round of changes to the patterns; never used to tune them.
HOLDOUT: list[dict] = [
    dict(
        case="spam",
        label="good",
        text="""Dear Dr Osei,

Thank you for letting me know, and I apologise. The teleclass invitation should never have reached you: I \
added a bought list of 10,000 addresses to my newsletter, and I didn't confirm that anyone on it had \
consented. That was my decision and a bad one. I have removed your address and the whole list from my \
account. I've also switched my sign-up form to double opt-in so only people who confirm will ever hear from me.

Regards,
Femi""",
        components={"regret", "acknowledgment", "explanation", "repair", "repentance"},
        red_flags=set(),
    ),
    dict(
        case="spam",
        label="bad",
        text="Apologies for any annoyance. The contacts were provided to us as opted-in, so we had no reason to "
        "think otherwise. Unsubscribe links are included in every message.",
        components={"regret", "explanation"},
        red_flags={"blame", "burden_shift"},
    ),
    dict(
        case="spam",
        label="borderline",
        text="I'm sorry I emailed you without your permission. It was a mistake to use that list and I won't use "
        "it again.",
        components={"regret", "acknowledgment", "explanation", "repentance"},
        red_flags=set(),
    ),
    dict(
        case="spam",
        label="bad",
        text="Sorry about the email! We thought you'd be interested, and honestly most people were. Click here to "
        "manage your preferences.",
        components={"regret", "explanation"},
        red_flags={"minimising", "burden_shift"},
    ),
    dict(
        case="spam",
        label="good",
        text="You're right to be cross. I sent you an unsolicited email from a list I bought, and I'm sorry. Your "
        "details are deleted, and I've stopped buying lists for good.",
        components={"acknowledgment", "explanation", "regret", "repair", "repentance"},
        red_flags=set(),
    ),
    dict(
        case="spam",
        label="bad",
        text="The email about the teleclass was a one-off. If it bothered you, I'm sorry.",
        components={"regret"},
        red_flags={"conditional"},
    ),
    dict(
        case="spam",
        label="borderline",
        text="I got this badly wrong and I'm sorry. I'll make sure you don't get anything else from me.",
        components={"acknowledgment", "regret", "repair"},
        red_flags=set(),
    ),
    dict(
        case="spam",
        label="bad",
        text="My VA imported the wrong spreadsheet into Mailchimp, which is how you ended up on the list. "
        "Apologies.",
        components={"explanation", "regret"},
        red_flags={"blame"},
    ),
    dict(
        case="spam",
        label="borderline",
        text="I take full responsibility for the teleclass email. I bought a list, and I sent it without checking "
        "consent; IT had nothing to do with it. I'm sorry, and I've deleted the list.",
        components={"acknowledgment", "explanation", "regret", "repair"},
        red_flags=set(),
    ),
    dict(
        case="attachment",
        label="good",
        text="""Hi Ruth,

Quick but important correction: the report I sent this morning had 2023's figures in it instead of 2024's. \
That was my slip — I attached the file from the wrong folder. I'm sorry for the extra confusion before your \
meeting. Here's the correct version, and I've highlighted the pages that changed. I've set up separate folders \
per year so I can't mix them up again.

Best,
Ali""",
        components={"acknowledgment", "explanation", "regret", "repair", "repentance"},
        red_flags=set(),
    ),
    dict(
        case="attachment",
        label="bad",
        text="Apologies, the report had last year's data — the analyst who prepared it used the old template. "
        "Updated copy attached.",
        components={"regret", "explanation", "repair"},
        red_flags={"blame"},
    ),
    dict(
        case="attachment",
        label="bad",
        text="Heads up, a couple of numbers in the report were from last year. Nothing major. New version attached.",
        components={"repair"},
        red_flags={"minimising"},
    ),
    dict(
        case="attachment",
        label="good",
        text="Ms. Grant, I owe you an apology: I sent last year's numbers with this year's report. I own that "
        "mistake completely. The corrected report is attached, and I'd be glad to walk you through it tomorrow. "
        "Going forward, every report gets a second pair of eyes before it leaves our office.",
        components={"regret", "acknowledgment", "repair", "repentance"},
        red_flags=set(),
    ),
    dict(
        case="attachment",
        label="bad",
        text="I apologise for the error, but with the deadline you gave us there was no time to double-check. "
        "Corrected figures attached.",
        components={"regret", "explanation", "repair"},
        red_flags={"excuse_but", "burden_shift"},
    ),
    dict(
        case="attachment",
        label="borderline",
        text="Sorry — I attached the wrong year's file. Correct one attached.",
        components={"regret", "acknowledgment", "repair"},
        red_flags=set(),
    ),
    dict(
        case="attachment",
        label="bad",
        text="If there was any confusion about the numbers, apologies. The file has since been replaced on the "
        "portal; you may need to download it again.",
        components={"regret", "repair"},
        red_flags={"conditional", "burden_shift"},
    ),
    dict(
        case="attachment",
        label="good",
        text="""Dear Mr Park,

I'm sorry: I sent you last year's numbers with this year's report. The mistake was entirely mine. The correct \
report is attached. I now check the reporting period on every attachment before I send it. I hope you can \
accept my apology.

Kind regards,
Mei""",
        components={"regret", "acknowledgment", "repair", "repentance", "forgiveness"},
        red_flags=set(),
    ),
    dict(
        case="premature",
        label="good",
        text="""Dear Ms Fontaine,

Apologies — you received a half-written draft from me a moment ago. I was working on it between calls and \
sent it by accident; that's my fault. The full email is below. To stop it happening again I now leave the \
'To' field blank until a message is finished.

Kind regards,
Jules""",
        components={"regret", "explanation", "acknowledgment", "repair", "repentance"},
        red_flags=set(),
    ),
    dict(
        case="premature",
        label="bad",
        text="Whoops, you got a draft — my keyboard shortcut went off by itself. Will send the proper one later.",
        components={"explanation", "repair"},
        red_flags={"blame"},
    ),
    dict(
        case="premature",
        label="bad",
        text="I'm sorry, but it's a busy week and these things slip through. The complete email is below.",
        components={"regret", "explanation", "repair"},
        red_flags={"excuse_but", "minimising"},
    ),
    dict(
        case="premature",
        label="borderline",
        text="Sorry for the premature send! I'll follow up with the full email this afternoon.",
        components={"regret", "repair"},
        red_flags=set(),
    ),
    dict(
        case="premature",
        label="good",
        text="Hi Tomasz, my apologies for the unfinished email you just got. I pressed send by mistake while I was "
        "still writing it, which is entirely on me. The complete message is below. From now on I'll write client "
        "emails in a document first and only paste them in once they're final. Let me know if anything in the "
        "draft caused any confusion. Best, Hana",
        components={"regret", "acknowledgment", "explanation", "repair", "repentance"},
        red_flags=set(),
    ),
    dict(
        case="premature",
        label="bad",
        text="Just ignore the half-finished email. You should know by now that I always send a full version after.",
        components=set(),
        red_flags={"burden_shift"},
    ),
    dict(
        case="premature",
        label="bad",
        text="Apologies to those of you who received an incomplete email from us earlier. A full version will be "
        "sent shortly.",
        components={"regret", "repair"},
        red_flags=set(),
    ),
]

CORPUS: list[dict] = DEVELOPMENT + HOLDOUT


def tally(messages: Iterable[dict], check: Callable[[str], object]) -> dict[str, list[int]]:
    """Per finding id, [true positives, false positives, false negatives] of ``check`` against the labels.

    ``check`` is ``course.message_checker.check_message`` (passed in, so this data module imports
    nothing from the package). Shared by the corpus test and the benchmark so both count alike.
    """
    counts: dict[str, list[int]] = {}
    for m in messages:
        report = check(m["text"])
        got = report.components | report.red_flags
        expected = m["components"] | m["red_flags"]
        for finding_id in got | expected:
            row = counts.setdefault(finding_id, [0, 0, 0])
            if finding_id in got and finding_id in expected:
                row[0] += 1
            elif finding_id in got:
                row[1] += 1
            else:
                row[2] += 1
    return counts
