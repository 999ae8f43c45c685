"""A command centre on the HubEx, written with another AMQP library (Debian's python3-pika), driven by the tests.

Logs in over TLS 1.2 with its certificate (SASL EXTERNAL) to the vhost of the URI, does one action, prints one line:
  publish EXCHANGE ROUTING_KEY FILE CONTENT_TYPE  persistent, with publisher confirms -> `confirmed`
  receive QUEUE SECONDS                           the next message, acknowledged -> a JSON line (body in base64 and
                                                  properties), or `nothing` when none came within SECONDS
  passive QUEUE                                   declares it passively (clients may not declare) -> `declared`
When the broker closes the channel it prints `refused <reply code>` instead.

Usage: /usr/bin/python3 hubex_client.py AMQPS_URI CA_CRT CLIENT_CRT CLIENT_KEY ACTION ARGUMENT...
"""
import base64
import json
import ssl
import sys
from urllib.parse import unquote, urlsplit

import pika
from pika.credentials import ExternalCredentials
from pika.exceptions import ChannelClosedByBroker


def connect(uri, ca_file, certificate_file, key_file):
    url = urlsplit(uri)
    context = ssl.create_default_context(cafile=ca_file)
    context.minimum_version = context.maximum_version = ssl.TLSVersion.TLSv1_2
    context.load_cert_chain(certificate_file, key_file)
    return pika.BlockingConnection(pika.ConnectionParameters(
        host=url.hostname, port=url.port, virtual_host=unquote(url.path[1:]),
        credentials=ExternalCredentials(),
        ssl_options=pika.SSLOptions(context, server_hostname=url.hostname)))


def publish(channel, exchange, routing_key, file, content_type):
    channel.confirm_delivery()
    with open(file, 'rb') as body:
        channel.basic_publish(exchange, routing_key, body.read(), pika.BasicProperties(
            delivery_mode=pika.spec.PERSISTENT_DELIVERY_MODE, content_type=content_type))
    return 'confirmed'


def receive(channel, queue, seconds):
    # A consumer, not a loop of basic.get: the broker pushes the message as soon as it is there.
    for method, properties, body in channel.consume(queue, inactivity_timeout=float(seconds)):
        if method is None:
            return 'nothing'
        channel.basic_ack(method.delivery_tag)
        return json.dumps({
            'body': base64.b64encode(body).decode('ascii'),
            'content_type': properties.content_type,
            'delivery_mode': properties.delivery_mode,
            'message_id': properties.message_id,
            'app_id': properties.app_id,
            'user_id': properties.user_id,
        })


def passive(channel, queue):
    channel.queue_declare(queue, passive=True)
    return 'declared'


ACTIONS = {'publish': publish, 'receive': receive, 'passive': passive}


def main(uri, ca_file, certificate_file, key_file, action, *arguments):
    with connect(uri, ca_file, certificate_file, key_file) as connection:
        channel = connection.channel()
        try:
            print(ACTIONS[action](channel, *arguments), flush=True)
        except ChannelClosedByBroker as refused:
            print('refused', refused.reply_code, flush=True)


if __name__ == '__main__':
    main(*sys.argv[1:])
